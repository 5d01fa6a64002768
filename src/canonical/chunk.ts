import type { FinishReason, Logprobs, Usage } from "./chat.js";
import type { GatewayError } from "./errors.js";

/**
 * One typed stream event. Provider decoders yield these; plugins and egress dialects read them.
 * Content arrives as start/delta per block: text and thinking deltas per choice, tool calls as a
 * start (id, name) followed by argument deltas addressed by the tool call's index.
 */
export type ChatChunk =
  /** First event of every stream: the response id and the model that serves it. */
  | { type: "start"; id: string; model: string; created: number }
  | { type: "text-delta"; choice: number; text: string }
  | { type: "thinking-delta"; choice: number; text: string; signature?: string }
  /** A new tool call; `index` is its position among this choice's tool calls (0, 1, …). */
  | { type: "tool-call-start"; choice: number; index: number; id: string; name: string; signature?: string }
  | { type: "tool-call-delta"; choice: number; index: number; arguments: string }
  /** The log probabilities of the tokens just streamed (they add up across chunks). */
  | { type: "logprobs"; choice: number; logprobs: Logprobs }
  | { type: "finish"; choice: number; reason: FinishReason; raw?: string; stop_sequence?: string | null }
  /** Token usage; may come once at the end (or cumulatively: the last one wins). */
  | { type: "usage"; usage: Usage }
  /** A failure after the stream started; the egress renders it as a dialect error event. */
  | { type: "error"; error: GatewayError };

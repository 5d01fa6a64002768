/**
 * Anthropic Messages response wire types (https://docs.anthropic.com/en/api/messages) and the
 * mappings shared by the JSON and stream renderers: stop reason and usage.
 */
import type { FinishReason, Usage } from "../../canonical/chat.js";

/** https://docs.anthropic.com/en/api/messages#response-stop-reason */
export type AnthropicStopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "pause_turn"
  | "refusal"
  | "model_context_window_exceeded";

const STOP_REASONS: ReadonlySet<string> = new Set<AnthropicStopReason>([
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
]);

/** https://docs.anthropic.com/en/api/messages#response-usage */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export type AnthropicResponseBlock =
  | { type: "text"; text: string }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/**
 * Canonical finish → Anthropic `stop_reason`. The raw value is kept when it already is an
 * Anthropic stop reason (an Anthropic or Bedrock upstream: `pause_turn` survives); otherwise the
 * unified value maps: stop → end_turn (stop_sequence when one is known), length → max_tokens,
 * tool_calls → tool_use, content_filter → refusal, anything else → end_turn.
 */
export function toAnthropicStopReason(
  reason: FinishReason,
  raw: string | undefined,
  stopSequence: string | null | undefined,
): AnthropicStopReason {
  if (raw !== undefined && STOP_REASONS.has(raw)) {
    if (raw !== "stop_sequence" || typeof stopSequence === "string") return raw as AnthropicStopReason;
  }
  switch (reason) {
    case "stop":
      return typeof stopSequence === "string" ? "stop_sequence" : "end_turn";
    case "length":
      return "max_tokens";
    case "tool_calls":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}

/**
 * Canonical usage → Anthropic usage. Canonical `input_tokens` includes cached and cache-write
 * tokens; Anthropic's excludes them, so both are subtracted (never below zero).
 */
export function toAnthropicUsage(usage: Usage | undefined): AnthropicUsage {
  const cached = usage?.cached_tokens ?? 0;
  const written = usage?.cache_write_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.input_tokens ?? 0) - cached - written),
    output_tokens: usage?.output_tokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: written,
  };
}

/** Anthropic message ids start with `msg_`; SDKs and tools key on it, so other ids get the prefix. */
export function toAnthropicMessageId(id: string): string {
  return id.startsWith("msg_") ? id : `msg_${id}`;
}

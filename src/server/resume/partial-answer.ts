/**
 * What a broken stream had sent the client, and whether it can be continued elsewhere
 * (`stream_resume`, docs/routing.md "Streams"). A continuation is sound only when the partial
 * answer is plain text of one choice: the next model is asked to go on from that text, and
 * nothing else it streamed (a half-sent tool call, signed reasoning, log probabilities) can be
 * handed to another model or stitched to its output.
 */
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";

/** Why a request can never be resumed, whatever it streams; undefined when it can be. */
export function requestRefusal(req: ChatRequest): string | undefined {
  if (req.n !== undefined && req.n > 1) return "n > 1 (several choices)";
  if (req.logprobs || req.top_logprobs !== undefined) return "log probabilities were asked for";
  const format = req.response_format?.type;
  if (format === "json_object" || format === "json_schema")
    return "structured output (a prefix may break the schema)";
  if (req.reasoning && req.reasoning.effort !== "none") return "reasoning is on";
  return undefined;
}

/** The client-visible answer so far, chunk by chunk. */
export class PartialAnswer {
  private readonly parts: string[] = [];
  private refusal: string | undefined;

  constructor(req: ChatRequest) {
    this.refusal = requestRefusal(req);
  }

  /** Records a chunk the client is sent. */
  see(c: ChatChunk): void {
    if (this.refusal) return;
    switch (c.type) {
      case "text-delta":
        if (c.choice !== 0) this.refusal = "more than one choice";
        else this.parts.push(c.text);
        return;
      case "thinking-delta":
        this.refusal = "reasoning was streamed";
        return;
      case "tool-call-start":
      case "tool-call-delta":
        this.refusal = "a tool call was streamed";
        return;
      case "logprobs":
        this.refusal = "log probabilities were streamed";
        return;
      case "finish":
        this.refusal = "the answer had finished";
        return;
      default:
        return;
    }
  }

  /** The text streamed so far (choice 0). */
  text(): string {
    return this.parts.join("");
  }

  /** Why this answer cannot be continued, or undefined when it can. */
  why(): string | undefined {
    return this.refusal;
  }
}

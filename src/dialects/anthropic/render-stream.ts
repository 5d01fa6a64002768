/**
 * Canonical chunks → Anthropic Messages SSE
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming): `message_start`, `ping`,
 * per block `content_block_start` / `content_block_delta` / `content_block_stop`, then
 * `message_delta` (stop reason, usage) and `message_stop`; an `error` chunk ends it with `error`.
 */
import { randomUUID } from "node:crypto";
import type { ChatRequest, Usage } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { encodeSse } from "../../wire/sse.js";
import { renderFrames, type StreamRenderer } from "../render-frames.js";
import { toAnthropicErrorBody } from "./render-error.js";
import { toAnthropicMessageId, toAnthropicStopReason, toAnthropicUsage } from "./wire.js";

type Finish = Extract<ChatChunk, { type: "finish" }>;
type Start = Extract<ChatChunk, { type: "start" }>;

function event(type: string, body: Record<string, unknown>): string {
  return encodeSse(JSON.stringify({ type, ...body }), type);
}

/**
 * Holds the per-stream state: which block is open, which block each tool call owns, and what the
 * closing `message_delta` will say. Two things are held back, each bounded to one event:
 * `message_start` until the next chunk (so usage sent right after `start` is in it), and
 * `message_delta` until the end (OpenAI-style upstreams send usage after the finish chunk).
 */
export class AnthropicStreamRenderer implements StreamRenderer {
  private pendingStart: Start | undefined;
  private started = false;
  private nextIndex = 0;
  private open: { kind: "text" | "thinking" | "tool"; index: number } | undefined;
  private readonly toolBlocks = new Map<number, number>();
  private finish: Finish | undefined;
  private usage: Usage | undefined;
  /** True after an error event: the stream is over. */
  ended = false;

  constructor(private readonly model: string) {}

  /** One canonical chunk → zero or more SSE events. */
  push(c: ChatChunk): string {
    if (this.ended) return "";
    if (c.type === "start") {
      if (!this.started && !this.pendingStart) this.pendingStart = c;
      return "";
    }
    if (c.type === "usage") {
      this.usage = c.usage;
      return this.ensureStarted();
    }
    if (c.type === "error") {
      this.ended = true;
      const head = this.started || this.pendingStart ? this.ensureStarted() : "";
      return head + event("error", { error: toAnthropicErrorBody(c.error).error });
    }
    // The Messages API has no `n`: requests from this dialect only ever have choice 0.
    if (c.choice !== 0 || c.type === "logprobs") return this.ensureStarted();
    return this.ensureStarted() + this.content(c);
  }

  /** The end of the chunks: closes the open block, then `message_delta` and `message_stop`. */
  end(): string {
    if (this.ended) return "";
    this.ended = true;
    const f = this.finish;
    const stopReason = toAnthropicStopReason(f?.reason ?? "stop", f?.raw, f?.stop_sequence);
    const usage = toAnthropicUsage(this.usage);
    return (
      this.ensureStarted() +
      this.close() +
      event("message_delta", {
        delta: {
          stop_reason: stopReason,
          stop_sequence: stopReason === "stop_sequence" ? (f?.stop_sequence ?? null) : null,
        },
        usage: this.usage ? usage : { output_tokens: 0 },
      }) +
      event("message_stop", {})
    );
  }

  private content(c: Exclude<ChatChunk, { type: "start" | "usage" | "error" | "logprobs" }>): string {
    switch (c.type) {
      case "text-delta": {
        if (c.text === "") return "";
        const head = this.openBlock("text", { type: "text", text: "" });
        return head + this.delta({ type: "text_delta", text: c.text });
      }
      case "thinking-delta": {
        let out = this.openBlock("thinking", { type: "thinking", thinking: "", signature: "" });
        if (c.text) out += this.delta({ type: "thinking_delta", thinking: c.text });
        if (c.signature) out += this.delta({ type: "signature_delta", signature: c.signature });
        return out;
      }
      case "tool-call-start": {
        if (this.toolBlocks.has(c.index)) return "";
        const out =
          this.close() + this.start("tool", { type: "tool_use", id: c.id, name: c.name, input: {} });
        this.toolBlocks.set(c.index, this.nextIndex - 1);
        return out;
      }
      case "tool-call-delta":
        return this.toolDelta(c.index, c.arguments);
      case "finish":
        this.finish = c;
        return this.close();
    }
  }

  /**
   * Each canonical tool call is its own block. Upstreams send a call's deltas before the next
   * call starts; a late delta for an already-closed call still goes to that call's block index
   * (the SDKs accumulate by index) rather than being lost. Deltas for an unknown call are dropped,
   * as `collectChunks` does.
   */
  private toolDelta(toolIndex: number, args: string): string {
    const index = this.toolBlocks.get(toolIndex);
    if (index === undefined || args === "") return "";
    return event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: args } });
  }

  private delta(delta: Record<string, unknown>): string {
    return event("content_block_delta", { index: this.open?.index ?? 0, delta });
  }

  /** Opens a `kind` block unless one is open already. */
  private openBlock(kind: "text" | "thinking", block: Record<string, unknown>): string {
    if (this.open?.kind === kind) return "";
    return this.close() + this.start(kind, block);
  }

  private start(kind: "text" | "thinking" | "tool", block: Record<string, unknown>): string {
    const index = this.nextIndex++;
    this.open = { kind, index };
    return event("content_block_start", { index, content_block: block });
  }

  private close(): string {
    if (!this.open) return "";
    const index = this.open.index;
    this.open = undefined;
    return event("content_block_stop", { index });
  }

  private ensureStarted(): string {
    if (this.started) return "";
    this.started = true;
    const s = this.pendingStart;
    this.pendingStart = undefined;
    const message = {
      id: toAnthropicMessageId(s?.id || randomUUID().replaceAll("-", "")),
      type: "message",
      role: "assistant",
      model: s?.model || this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage(this.usage),
    };
    return event("message_start", { message }) + event("ping", {});
  }
}

/** Renders a canonical chunk stream as Anthropic SSE text, as chunks arrive. */
export function renderAnthropicStream(
  chunks: AsyncIterable<ChatChunk>,
  req: ChatRequest,
): AsyncGenerator<string> {
  return renderFrames(chunks, new AnthropicStreamRenderer(req.model));
}

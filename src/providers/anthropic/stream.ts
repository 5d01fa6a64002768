/**
 * Messages API stream → canonical chunks (https://docs.anthropic.com/en/api/messages-streaming).
 * Named SSE events: message_start, content_block_start/delta/stop per block, message_delta
 * (stop reason, cumulative usage), message_stop, ping, error.
 */
import type { ChatChunk } from "../../canonical/chunk.js";
import { type BatchedChunks, batchedChunks } from "../../canonical/chunk-batches.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import { decodeSseBatches, type SseEvent } from "../../wire/sse.js";
import type { CodecContext } from "../types.js";
import { decodeAnthropicError } from "./errors.js";
import { fromAnthropicStopReason, fromAnthropicUsage } from "./response.js";
import type { AnthropicUsage } from "./wire.js";

type Block = { kind: "text" } | { kind: "thinking" } | { kind: "tool"; index: number } | { kind: "other" };

/** Per-stream state: open blocks by content index, tool-call counter, usage, stop reason. */
class StreamState {
  blocks = new Map<number, Block>();
  tools = 0;
  usage: AnthropicUsage = {};
  stopReason: string | null = null;
  stopSequence: string | null = null;
  started = false;
  stopped = false;

  constructor(
    readonly ctx: CodecContext,
    readonly provider: string,
  ) {}

  /** Merges a usage object; later non-null values win (message_delta counts are cumulative). */
  mergeUsage(u: unknown): void {
    if (!isRecord(u)) return;
    for (const [k, v] of Object.entries(u)) {
      if (v !== null && v !== undefined) (this.usage as Record<string, unknown>)[k] = v;
    }
  }
}

function streamError(provider: string, code: string, message: string): ChatChunk {
  return {
    type: "error",
    error: new GatewayError({ status: 502, kind: "upstream", code, message, provider }),
  };
}

/**
 * Upstream SSE bytes → canonical chunks, as they arrive: one batch per upstream read
 * (`src/canonical/chunk-batches.ts`), readable chunk by chunk as well.
 */
export function decodeAnthropicStream(
  body: AsyncIterable<Uint8Array>,
  ctx: CodecContext,
  provider: string,
): BatchedChunks {
  return batchedChunks(() => decodeBatches(body, new StreamState(ctx, provider)));
}

async function* decodeBatches(body: AsyncIterable<Uint8Array>, s: StreamState): AsyncGenerator<ChatChunk[]> {
  for await (const events of decodeSseBatches(body)) {
    const out: ChatChunk[] = [];
    for (const ev of events) {
      if (!onSse(ev, s, out)) {
        yield out;
        return;
      }
    }
    if (out.length > 0) yield out;
  }
  const out: ChatChunk[] = [];
  if (!s.started) out.push(startChunk(s));
  if (!s.stopped) {
    out.push(
      streamError(
        s.provider,
        "upstream_stream_truncated",
        `Provider '${s.provider}' ended the stream before message_stop.`,
      ),
    );
  }
  if (out.length > 0) yield out;
}

function startChunk(s: StreamState): ChatChunk {
  return { type: "start", id: "", model: s.ctx.target.model, created: Math.floor(Date.now() / 1000) };
}

/** One SSE event → chunks appended to `out`; false when the stream ends with an error. */
function onSse(ev: SseEvent, s: StreamState, out: ChatChunk[]): boolean {
  if (ev.event === "ping" || s.stopped) return true;
  const data = tryParseJson(ev.data);
  const type = isRecord(data) && typeof data.type === "string" ? data.type : ev.event;
  if (!s.started && (type !== "message_start" || !isRecord(data))) {
    s.started = true;
    out.push(startChunk(s));
  }
  if (!isRecord(data)) {
    out.push(
      streamError(
        s.provider,
        "invalid_upstream_stream",
        `Provider '${s.provider}' sent a malformed stream event.`,
      ),
    );
    return false;
  }
  if (type === "error") {
    // An `error` event carries the same body as an HTTP error (e.g. overloaded_error, a 529
    // outside a stream); the error type decides the mapping (fixture streams/error-overloaded).
    out.push({ type: "error", error: decodeAnthropicError(500, {}, ev.data, s.provider) });
    return false;
  }
  for (const c of onEvent(type, data, s)) out.push(c);
  return true;
}

function* onEvent(
  type: string | undefined,
  data: Record<string, unknown>,
  s: StreamState,
): Generator<ChatChunk> {
  switch (type) {
    case "message_start": {
      const m = isRecord(data.message) ? data.message : {};
      s.started = true;
      s.mergeUsage(m.usage);
      const id = typeof m.id === "string" ? m.id : "";
      const model = typeof m.model === "string" ? m.model : s.ctx.target.model;
      yield { type: "start", id, model, created: Math.floor(Date.now() / 1000) };
      return;
    }
    case "content_block_start":
      yield* onBlockStart(data, s);
      return;
    case "content_block_delta":
      yield* onBlockDelta(data, s);
      return;
    case "message_delta": {
      const d = isRecord(data.delta) ? data.delta : {};
      if (typeof d.stop_reason === "string") s.stopReason = d.stop_reason;
      if (typeof d.stop_sequence === "string") s.stopSequence = d.stop_sequence;
      s.mergeUsage(data.usage);
      return;
    }
    case "message_stop": {
      s.stopped = true;
      const raw = s.stopReason ?? undefined;
      yield {
        type: "finish",
        choice: 0,
        reason: fromAnthropicStopReason(raw),
        ...(raw !== undefined ? { raw } : {}),
        stop_sequence: s.stopSequence,
      };
      yield { type: "usage", usage: fromAnthropicUsage(s.usage) };
      return;
    }
    default:
      // content_block_stop needs nothing; unknown events are ignored as the versioning policy asks
      // (https://docs.anthropic.com/en/api/versioning).
      return;
  }
}

function* onBlockStart(data: Record<string, unknown>, s: StreamState): Generator<ChatChunk> {
  const index = typeof data.index === "number" ? data.index : -1;
  const b = isRecord(data.content_block) ? data.content_block : {};
  if (b.type === "text") {
    s.blocks.set(index, { kind: "text" });
    if (typeof b.text === "string" && b.text) yield { type: "text-delta", choice: 0, text: b.text };
  } else if (b.type === "thinking") {
    s.blocks.set(index, { kind: "thinking" });
    if (typeof b.thinking === "string" && b.thinking)
      yield { type: "thinking-delta", choice: 0, text: b.thinking };
  } else if (b.type === "tool_use") {
    // why: the tool call index counts tool_use blocks only; content index 0 may be text
    // (fixture streams/tool-use: blocks 1 and 2 become tool calls 0 and 1).
    const tool = s.tools++;
    s.blocks.set(index, { kind: "tool", index: tool });
    const id = typeof b.id === "string" ? b.id : "";
    const name = typeof b.name === "string" ? b.name : "";
    yield { type: "tool-call-start", choice: 0, index: tool, id, name };
    if (isRecord(b.input) && Object.keys(b.input).length) {
      yield { type: "tool-call-delta", choice: 0, index: tool, arguments: JSON.stringify(b.input) };
    }
  } else {
    s.blocks.set(index, { kind: "other" });
    // why: canonical chunks have no redacted-thinking or server-tool blocks (fixture streams/redacted).
    s.ctx.warn(
      `${s.provider}: stream content block '${String(b.type)}' has no canonical form and was dropped`,
    );
  }
}

function* onBlockDelta(data: Record<string, unknown>, s: StreamState): Generator<ChatChunk> {
  const block = s.blocks.get(typeof data.index === "number" ? data.index : -1);
  const d = isRecord(data.delta) ? data.delta : {};
  if (!block || block.kind === "other") return;
  if (d.type === "text_delta" && typeof d.text === "string") {
    yield { type: "text-delta", choice: 0, text: d.text };
  } else if (d.type === "input_json_delta" && block.kind === "tool") {
    const partial = typeof d.partial_json === "string" ? d.partial_json : "";
    if (partial) yield { type: "tool-call-delta", choice: 0, index: block.index, arguments: partial };
  } else if (d.type === "thinking_delta" && typeof d.thinking === "string") {
    yield { type: "thinking-delta", choice: 0, text: d.thinking };
  } else if (d.type === "signature_delta" && typeof d.signature === "string") {
    yield { type: "thinking-delta", choice: 0, text: "", signature: d.signature };
  }
}

/**
 * Cohere v2 chat stream → canonical chunks. Cohere streams server-sent events, each with an
 * `event:` line and a JSON `data:` line that repeats the event name as `type`
 * (https://docs.cohere.com/reference/chat-stream, https://docs.cohere.com/docs/streaming):
 * message-start, content-start/-delta/-end (text or thinking), tool-plan-delta,
 * tool-call-start/-delta/-end, citation-start/-end, message-end (finish reason and usage).
 */
import type { ChatChunk } from "../../canonical/chunk.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import { decodeSse, type SseEvent } from "../../wire/sse.js";
import type { CodecContext } from "../types.js";
import { cohereStreamError } from "./errors.js";
import { fromCohereLogprobs } from "./logprobs.js";
import { fromCohereFinishReason, fromCohereUsage } from "./map.js";
import type { CohereStreamEvent } from "./wire.js";

/** Per-stream state: Cohere's tool-call `index` → our 0, 1, … order. */
class StreamState {
  ended = false;
  private readonly tools = new Map<number, number>();
  private last = -1;

  startTool(cohereIndex: number | undefined): number {
    this.last = this.tools.size;
    this.tools.set(cohereIndex ?? this.last, this.last);
    return this.last;
  }

  toolIndex(cohereIndex: number | undefined): number {
    return cohereIndex !== undefined ? (this.tools.get(cohereIndex) ?? this.last) : this.last;
  }
}

/** Decodes the stream as it arrives; `start` first, and an `error` chunk ends it on failure. */
export async function* decodeChatStream(
  body: AsyncIterable<Uint8Array>,
  ctx: CodecContext,
  provider: string,
): AsyncGenerator<ChatChunk> {
  const state = new StreamState();
  let started = false;
  for await (const sse of decodeSse(body)) {
    if (state.ended) continue;
    const ev = parseEvent(sse);
    if (ev === "skip") continue;
    if (!started) {
      started = true;
      const id = ev && ev.type === "message-start" && typeof ev.id === "string" ? ev.id : "";
      yield { type: "start", id, model: ctx.target.model, created: Math.floor(Date.now() / 1000) };
    }
    if (!ev) {
      yield {
        type: "error",
        error: cohereStreamError("malformed stream event", provider, "upstream_invalid_response"),
      };
      return;
    }
    for (const chunk of toChunks(ev, state, provider, ctx)) {
      yield chunk;
      if (chunk.type === "error") return;
    }
  }
  if (!started)
    yield { type: "start", id: "", model: ctx.target.model, created: Math.floor(Date.now() / 1000) };
  // A stream that stops before message-end was cut (connection reset, proxy timeout).
  if (!state.ended)
    yield { type: "error", error: cohereStreamError("stream ended before message-end", provider) };
}

/** The event's JSON, `"skip"` for keep-alives, undefined for a malformed event. */
function parseEvent(sse: SseEvent): CohereStreamEvent | "skip" | undefined {
  if (sse.data === "" || sse.data === "[DONE]") return "skip";
  const data = tryParseJson(sse.data);
  if (!isRecord(data)) return undefined;
  const type =
    typeof data.type === "string"
      ? data.type
      : (sse.event ?? (typeof data.message === "string" ? "error" : ""));
  return { ...(data as Partial<CohereStreamEvent>), type } as CohereStreamEvent;
}

function toChunks(
  ev: CohereStreamEvent,
  state: StreamState,
  provider: string,
  ctx: CodecContext,
): ChatChunk[] {
  const msg = ev.delta?.message;
  switch (ev.type) {
    case "content-delta": {
      const out: ChatChunk[] = [];
      const c = msg?.content;
      if (typeof c?.thinking === "string" && c.thinking)
        out.push({ type: "thinking-delta", choice: 0, text: c.thinking });
      if (typeof c?.text === "string" && c.text) out.push({ type: "text-delta", choice: 0, text: c.text });
      const logprobs = ev.logprobs === undefined ? undefined : fromCohereLogprobs(ev.logprobs, ctx, provider);
      if (logprobs) out.push({ type: "logprobs", choice: 0, logprobs });
      return out;
    }
    case "tool-plan-delta":
      // The plan is what the model says before calling tools: text (see response.ts).
      return typeof msg?.tool_plan === "string" && msg.tool_plan
        ? [{ type: "text-delta", choice: 0, text: msg.tool_plan }]
        : [];
    case "tool-call-start": {
      const call = msg?.tool_calls;
      const index = state.startTool(ev.index);
      const out: ChatChunk[] = [
        { type: "tool-call-start", choice: 0, index, id: call?.id ?? "", name: call?.function?.name ?? "" },
      ];
      const args = call?.function?.arguments;
      if (args) out.push({ type: "tool-call-delta", choice: 0, index, arguments: args });
      return out;
    }
    case "tool-call-delta": {
      const args = msg?.tool_calls?.function?.arguments;
      return args
        ? [{ type: "tool-call-delta", choice: 0, index: state.toolIndex(ev.index), arguments: args }]
        : [];
    }
    case "message-end":
      return messageEnd(ev, state);
    case "error":
      return [{ type: "error", error: cohereStreamError(errorText(ev), provider) }];
    default:
      // message-start (handled by `start`), content-start/-end, tool-call-end, citation-start/-end,
      // and events added later carry nothing a canonical chunk holds.
      return [];
  }
}

function messageEnd(ev: CohereStreamEvent, state: StreamState): ChatChunk[] {
  state.ended = true;
  const raw = typeof ev.delta?.finish_reason === "string" ? ev.delta.finish_reason : undefined;
  const out: ChatChunk[] = [
    { type: "finish", choice: 0, reason: fromCohereFinishReason(raw), ...(raw !== undefined ? { raw } : {}) },
  ];
  const usage = fromCohereUsage(ev.delta?.usage);
  if (usage) out.push({ type: "usage", usage });
  return out;
}

function errorText(ev: CohereStreamEvent): string {
  const rec = ev as unknown as Record<string, unknown>;
  if (typeof rec.message === "string") return rec.message;
  if (typeof ev.delta?.error === "string") return ev.delta.error;
  return "stream error";
}

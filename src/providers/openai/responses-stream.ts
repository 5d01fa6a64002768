/**
 * OpenAI Responses API stream (https://platform.openai.com/docs/api-reference/responses-streaming)
 * → canonical chunks, for targets with `api: responses`. `response.created` starts the stream;
 * text, reasoning-summary and argument deltas map one to one; a `function_call` item opens a tool
 * call; `response.completed` / `.incomplete` end it with the finish reason and usage; `error` and
 * `response.failed` become an error chunk.
 */
import { type BatchedChunks, batchedChunks } from "../../canonical/chunk-batches.js";
import { type ChatChunk, GatewayError } from "../../canonical/index.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import { decodeSseBatches } from "../../wire/sse.js";
import { fromOpenAIStreamError } from "./errors.js";
import { finishOf, fromResponsesUsage } from "./responses-response.js";

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");

interface State {
  started: boolean;
  /** Item id → canonical tool call index. */
  calls: Map<string, number>;
  done: boolean;
}

export function fromResponsesStream(body: AsyncIterable<Uint8Array>, provider: string): BatchedChunks {
  return batchedChunks(() => decode(body, provider));
}

async function* decode(body: AsyncIterable<Uint8Array>, provider: string): AsyncGenerator<ChatChunk[]> {
  const s: State = { started: false, calls: new Map(), done: false };
  for await (const events of decodeSseBatches(body)) {
    const out: ChatChunk[] = [];
    for (const ev of events) {
      const e = tryParseJson(ev.data);
      if (!isRecord(e)) {
        out.push(...start(s, {}), { type: "error", error: malformed(provider) });
        s.done = true;
      } else onEvent(e, s, provider, out);
      if (s.done) break;
    }
    if (out.length) yield out;
    if (s.done) return;
  }
  // A stream is only whole once the response completed (or was reported incomplete).
  yield [
    ...start(s, {}),
    { type: "error", error: malformed(provider, "a stream that ended before it completed") },
  ];
}

function onEvent(e: Json, s: State, provider: string, out: ChatChunk[]): void {
  switch (e.type) {
    case "response.created":
      out.push(...start(s, isRecord(e.response) ? e.response : {}));
      return;
    case "response.output_text.delta":
      out.push(...start(s, {}), { type: "text-delta", choice: 0, text: str(e.delta) });
      return;
    case "response.reasoning_summary_text.delta":
      out.push(...start(s, {}), { type: "thinking-delta", choice: 0, text: str(e.delta) });
      return;
    case "response.output_item.added": {
      const item = isRecord(e.item) ? e.item : {};
      if (item.type !== "function_call") return;
      const index = s.calls.size;
      s.calls.set(str(item.id), index);
      out.push(...start(s, {}), {
        type: "tool-call-start",
        choice: 0,
        index,
        id: str(item.call_id),
        name: str(item.name),
      });
      return;
    }
    case "response.function_call_arguments.delta": {
      const index = s.calls.get(str(e.item_id));
      if (index !== undefined)
        out.push({ type: "tool-call-delta", choice: 0, index, arguments: str(e.delta) });
      return;
    }
    case "response.completed":
    case "response.incomplete":
      finish(e, s, out);
      return;
    case "response.failed":
    case "error": {
      const err =
        e.type === "error" ? e : isRecord(e.response) && isRecord(e.response.error) ? e.response.error : {};
      out.push(...start(s, {}), { type: "error", error: fromOpenAIStreamError(err as Json, provider) });
      s.done = true;
      return;
    }
  }
}

function finish(e: Json, s: State, out: ChatChunk[]): void {
  const r = isRecord(e.response) ? e.response : {};
  const raw = isRecord(r.incomplete_details) ? str(r.incomplete_details.reason) : str(r.status);
  out.push(...start(s, r), { type: "finish", choice: 0, reason: finishOf(raw, s.calls.size > 0), raw });
  if (isRecord(r.usage)) out.push({ type: "usage", usage: fromResponsesUsage(r.usage) });
  s.done = true;
}

function start(s: State, r: Json): ChatChunk[] {
  if (s.started) return [];
  s.started = true;
  const created = typeof r.created_at === "number" ? r.created_at : Math.floor(Date.now() / 1000);
  return [{ type: "start", id: str(r.id), model: str(r.model), created }];
}

function malformed(provider: string, what = "a stream event that is not valid JSON"): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_malformed_response",
    message: `Provider '${provider}' sent ${what}.`,
    provider,
  });
}

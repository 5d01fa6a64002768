/**
 * ConverseStream events → canonical chunks
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html#API_runtime_ConverseStream_ResponseSyntax).
 * Framing is AWS event-stream (src/wire/aws-eventstream.ts); each event's `:event-type` names it
 * and its payload is the event's JSON (plus a `p` padding field, ignored).
 */
import type { ChatChunk } from "../../canonical/chunk.js";
import type { GatewayError } from "../../canonical/errors.js";
import { decodeEventStream, EventStreamError, type EventStreamMessage } from "../../wire/aws-eventstream.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import { fromBedrockErrorType } from "./errors.js";
import { fromBedrockStopReason, fromBedrockUsage, stopSequenceOf } from "./mapping.js";
import { bedrockMalformed, newBedrockResponseId } from "./response.js";

const utf8 = new TextDecoder();

/** Per-stream state: which content block index is which tool call. */
class StreamState {
  readonly toolIndex = new Map<number, number>();
  stopped = false;
  warnedRedacted = false;
}

export async function* decodeBedrockStream(
  body: AsyncIterable<Uint8Array>,
  ctx: CodecContext,
  provider: string,
): AsyncGenerator<ChatChunk> {
  yield {
    type: "start",
    id: newBedrockResponseId(),
    model: ctx.target.model,
    created: Math.floor(Date.now() / 1000),
  };
  const state = new StreamState();
  try {
    for await (const msg of decodeEventStream(body)) {
      const out = toChunks(msg, state, ctx, provider);
      for (const chunk of out) {
        yield chunk;
        if (chunk.type === "error") return;
      }
    }
  } catch (err) {
    if (!(err instanceof EventStreamError)) throw err;
    yield { type: "error", error: bedrockMalformed(provider, err.message) };
    return;
  }
  if (!state.stopped) {
    yield { type: "error", error: bedrockMalformed(provider, "the stream ended before messageStop") };
  }
}

function toChunks(
  msg: EventStreamMessage,
  state: StreamState,
  ctx: CodecContext,
  provider: string,
): ChatChunk[] {
  const kind = msg.headers[":message-type"];
  if (kind === "exception") return [{ type: "error", error: exceptionError(msg, provider) }];
  if (kind === "error") {
    const code = msg.headers[":error-code"];
    const message = msg.headers[":error-message"] ?? "stream error";
    return [{ type: "error", error: fromBedrockErrorType(provider, code, message) }];
  }
  const payload = tryParseJson(utf8.decode(msg.body));
  if (!isRecord(payload)) {
    return [
      { type: "error", error: bedrockMalformed(provider, "a stream event's payload is not a JSON object") },
    ];
  }
  switch (msg.headers[":event-type"]) {
    case "contentBlockStart":
      return blockStart(payload, state);
    case "contentBlockDelta":
      return blockDelta(payload, state, ctx, provider);
    case "messageStop": {
      state.stopped = true;
      const raw = typeof payload.stopReason === "string" ? payload.stopReason : undefined;
      const stop = stopSequenceOf(raw, payload.additionalModelResponseFields);
      return [
        {
          type: "finish",
          choice: 0,
          reason: fromBedrockStopReason(raw),
          ...(raw ? { raw } : {}),
          ...(stop !== undefined ? { stop_sequence: stop } : {}),
        },
      ];
    }
    case "metadata": {
      const usage = fromBedrockUsage(payload.usage);
      return usage ? [{ type: "usage", usage }] : [];
    }
    default:
      // messageStart, contentBlockStop, and event types added later carry nothing to map.
      return [];
  }
}

function blockStart(p: Record<string, unknown>, state: StreamState): ChatChunk[] {
  const tool = isRecord(p.start) && isRecord(p.start.toolUse) ? p.start.toolUse : undefined;
  if (!tool || typeof p.contentBlockIndex !== "number") return [];
  const index = state.toolIndex.size;
  state.toolIndex.set(p.contentBlockIndex, index);
  const id = typeof tool.toolUseId === "string" ? tool.toolUseId : "";
  const name = typeof tool.name === "string" ? tool.name : "";
  return [{ type: "tool-call-start", choice: 0, index, id, name }];
}

function blockDelta(
  p: Record<string, unknown>,
  state: StreamState,
  ctx: CodecContext,
  provider: string,
): ChatChunk[] {
  const delta = isRecord(p.delta) ? p.delta : {};
  if (typeof delta.text === "string") return [{ type: "text-delta", choice: 0, text: delta.text }];
  if (isRecord(delta.toolUse)) {
    const index =
      typeof p.contentBlockIndex === "number" ? state.toolIndex.get(p.contentBlockIndex) : undefined;
    if (index === undefined) {
      return [
        {
          type: "error",
          error: bedrockMalformed(provider, "a toolUse delta came before its contentBlockStart"),
        },
      ];
    }
    const args = typeof delta.toolUse.input === "string" ? delta.toolUse.input : "";
    return args ? [{ type: "tool-call-delta", choice: 0, index, arguments: args }] : [];
  }
  if (isRecord(delta.reasoningContent)) {
    const r = delta.reasoningContent;
    if (typeof r.text === "string") return [{ type: "thinking-delta", choice: 0, text: r.text }];
    if (typeof r.signature === "string") {
      return [{ type: "thinking-delta", choice: 0, text: "", signature: r.signature }];
    }
    if (r.redactedContent !== undefined && !state.warnedRedacted) {
      // Stream chunks have no place for redacted reasoning; the JSON path keeps it.
      state.warnedRedacted = true;
      ctx.warn("bedrock: redacted reasoning in the stream was not passed on");
    }
  }
  return [];
}

/** `:message-type: exception` → the error its `:exception-type` and JSON message describe. */
function exceptionError(msg: EventStreamMessage, provider: string): GatewayError {
  const type = msg.headers[":exception-type"];
  const payload = tryParseJson(utf8.decode(msg.body));
  const message =
    isRecord(payload) && typeof payload.message === "string"
      ? payload.message
      : "the stream reported an exception";
  return fromBedrockErrorType(provider, type, message);
}

/**
 * Renders an answer plan as the Messages API does: the `Message` JSON object and the named SSE
 * event sequence (https://docs.anthropic.com/en/api/messages-streaming), plus error bodies
 * (https://docs.anthropic.com/en/api/errors).
 */
import type { Plan } from "../plan.js";
import type { ChatView, ErrorKind, ErrorResponse, Frame } from "../types.js";

const STOP_REASON: Record<Plan["finish"], string> = {
  stop: "end_turn",
  stop_sequence: "stop_sequence",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "refusal",
};

let counter = 0;
/** Message ids look like the API's (`msg_` + 24 base62 characters); a counter keeps them unique. */
function messageId(): string {
  counter = (counter + 1) % 1_000_000_000;
  return `msg_01Emu${String(counter).padStart(19, "0")}`;
}

/** Tool-use ids look like the API's `toolu_…`. */
const toolUseId = (planId: string) => planId.replace(/^call_/, "toolu_");

/**
 * Usage in the API's terms: `input_tokens` counts only uncached input; cache reads and writes are
 * reported beside it (the plan's cache numbers come on top of its input count).
 */
function usage(plan: Plan, output: number) {
  return {
    input_tokens: plan.usage.input,
    cache_creation_input_tokens: plan.usage.cacheWrite,
    cache_read_input_tokens: plan.usage.cachedRead,
    output_tokens: output,
  };
}

/** The thinking a model with `thinking` enabled writes first, and its (emulated) signature. */
export const THINKING = { text: "Let me think this through.", signature: "RW11bGF0ZWRTaWduYXR1cmU=" };

function content(plan: Plan, view: ChatView): unknown[] {
  const blocks: unknown[] = [];
  if (view.thinking)
    blocks.push({ type: "thinking", thinking: THINKING.text, signature: THINKING.signature });
  if (plan.text.length) blocks.push({ type: "text", text: plan.text.join("") });
  for (const call of plan.toolCalls) {
    const input: unknown = JSON.parse(call.argumentDeltas.join("") || "{}");
    blocks.push({ type: "tool_use", id: toolUseId(call.id), name: call.name, input });
  }
  return blocks;
}

/** The non-streamed `Message` object. */
export function messageJson(plan: Plan, view: ChatView): unknown {
  return {
    id: messageId(),
    type: "message",
    role: "assistant",
    model: view.model,
    content: content(plan, view),
    stop_reason: STOP_REASON[plan.finish],
    stop_sequence: plan.stopSequence ?? null,
    usage: usage(plan, plan.usage.output),
  };
}

const sse = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** The streamed event sequence: message_start, ping, one start/delta…/stop per block, message_delta, message_stop. */
export function messageFrames(plan: Plan, view: ChatView): Frame[] {
  const frames: Frame[] = [];
  const message = {
    id: messageId(),
    type: "message",
    role: "assistant",
    model: view.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: usage(plan, 1),
  };
  frames.push(sse("message_start", { type: "message_start", message }));
  let index = 0;
  if (view.thinking) {
    const block = { type: "thinking", thinking: "", signature: "" };
    frames.push(sse("content_block_start", { type: "content_block_start", index, content_block: block }));
    for (const delta of [
      { type: "thinking_delta", thinking: THINKING.text },
      { type: "signature_delta", signature: THINKING.signature },
    ]) {
      frames.push(sse("content_block_delta", { type: "content_block_delta", index, delta }));
    }
    frames.push(sse("content_block_stop", { type: "content_block_stop", index }));
    index++;
  }
  if (plan.text.length) {
    frames.push(
      sse("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      }),
    );
    frames.push(sse("ping", { type: "ping" }));
    for (const text of plan.text) {
      frames.push(
        sse("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text },
        }),
      );
    }
    frames.push(sse("content_block_stop", { type: "content_block_stop", index }));
    index++;
  } else frames.push(sse("ping", { type: "ping" }));
  for (const call of plan.toolCalls) {
    const block = { type: "tool_use", id: toolUseId(call.id), name: call.name, input: {} };
    frames.push(sse("content_block_start", { type: "content_block_start", index, content_block: block }));
    // The API opens every tool input with an empty partial_json.
    for (const partial_json of ["", ...call.argumentDeltas]) {
      frames.push(
        sse("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json },
        }),
      );
    }
    frames.push(sse("content_block_stop", { type: "content_block_stop", index }));
    index++;
  }
  const delta = { stop_reason: STOP_REASON[plan.finish], stop_sequence: plan.stopSequence ?? null };
  frames.push(
    sse("message_delta", { type: "message_delta", delta, usage: { output_tokens: plan.usage.output } }),
  );
  frames.push(sse("message_stop", { type: "message_stop" }));
  return frames;
}

/** Anthropic's status and error type for each failure the shared server can be asked for. */
const ERRORS: Record<ErrorKind, { status: number; type: string; message?: string }> = {
  auth: { status: 401, type: "authentication_error", message: "invalid x-api-key" },
  rate_limit: {
    status: 429,
    type: "rate_limit_error",
    message: "This request would exceed the rate limit for your organization of 50 requests per minute.",
  },
  server: { status: 500, type: "api_error", message: "Internal server error" },
  overloaded: { status: 529, type: "overloaded_error", message: "Overloaded" },
  context_length: {
    status: 400,
    type: "invalid_request_error",
    message: "prompt is too long: 208310 tokens > 200000 maximum",
  },
  model_not_found: { status: 404, type: "not_found_error", message: "model: claude-unknown-model" },
  bad_request: { status: 400, type: "invalid_request_error" },
};

/** `{"type":"error","error":{"type","message"},"request_id"}` with the API's status. */
/**
 * A failure inside a stream that started: an `error` event with the error body's `error` object
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events, e.g.
 * `overloaded_error`); the stream ends after it.
 */
export function anthropicStreamError(kind: ErrorKind, message: string): string {
  const e = ERRORS[kind];
  return sse("error", { type: "error", error: { type: e.type, message: e.message ?? message } });
}

export function anthropicError(kind: ErrorKind, message: string): ErrorResponse {
  const e = ERRORS[kind];
  const requestId = `req_01Emu${String(++counter).padStart(19, "0")}`;
  return {
    status: e.status,
    headers: { "request-id": requestId },
    body: JSON.stringify({
      type: "error",
      error: { type: e.type, message: e.message ?? message },
      request_id: requestId,
    }),
  };
}

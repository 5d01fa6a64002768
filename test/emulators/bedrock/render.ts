/**
 * Renders an answer plan as Bedrock does: Converse JSON, ConverseStream event-stream frames, and
 * REST-JSON error bodies with `x-amzn-errortype`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html).
 */
import { encodeEventStreamMessage } from "../../../src/wire/aws-eventstream.js";
import type { Plan } from "../plan.js";
import type { ErrorKind, ErrorResponse, Frame } from "../types.js";

const STOP_REASONS: Record<Plan["finish"], string> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "content_filtered",
  stop_sequence: "stop_sequence",
};

/** What the renderers need beyond the plan. */
export interface RenderOptions {
  /** The request asked for `/stop_sequence` in additionalModelResponseFieldPaths. */
  wantsStopSequence: boolean;
  /**
   * Claude with thinking on: the answer opens with a signed reasoning block (ReasoningContentBlock
   * in the Bedrock API reference; the stream sends its text, then its signature, as
   * `reasoningContent` deltas, as in fixture streams/reasoning.events.json).
   */
  thinking?: boolean;
}

/** The reasoning Claude writes first with thinking on, and its (emulated) signature. */
export const REASONING = { text: "Let me think this through.", signature: "RW11bGF0ZWRTaWduYXR1cmU=" };

/** Bedrock names tool calls `tooluse_` + 22 characters. */
function toolUseId(planId: string): string {
  return `tooluse_${planId
    .replace(/[^A-Za-z0-9]/g, "")
    .padEnd(22, "0")
    .slice(0, 22)}`;
}

function usageOf(plan: Plan): Record<string, number> {
  const u = plan.usage;
  return {
    inputTokens: u.input,
    outputTokens: u.output,
    totalTokens: u.input + u.output + u.cachedRead + u.cacheWrite,
    ...(u.cachedRead ? { cacheReadInputTokens: u.cachedRead } : {}),
    ...(u.cacheWrite ? { cacheWriteInputTokens: u.cacheWrite } : {}),
  };
}

function responseFields(plan: Plan, o: RenderOptions): Record<string, unknown> | undefined {
  if (!o.wantsStopSequence || plan.finish !== "stop_sequence") return undefined;
  return { stop_sequence: plan.stopSequence ?? null };
}

/** The Converse JSON response. */
export function converseJson(plan: Plan, o: RenderOptions): unknown {
  const content: unknown[] = [];
  if (o.thinking) content.push({ reasoningContent: { reasoningText: REASONING } });
  if (plan.text.length) content.push({ text: plan.text.join("") });
  for (const call of plan.toolCalls) {
    const input = JSON.parse(call.argumentDeltas.join("") || "{}") as unknown;
    content.push({ toolUse: { toolUseId: toolUseId(call.id), name: call.name, input } });
  }
  const fields = responseFields(plan, o);
  return {
    output: { message: { role: "assistant", content } },
    stopReason: STOP_REASONS[plan.finish],
    usage: usageOf(plan),
    metrics: { latencyMs: 412 },
    ...(fields ? { additionalModelResponseFields: fields } : {}),
  };
}

const PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/**
 * One event frame. The real service adds a `p` field of varying length to every payload (padding
 * against traffic analysis); keys come sorted, as the service writes them.
 */
function event(type: string, payload: Record<string, unknown>, n: number): Uint8Array {
  const withPad: Record<string, unknown> = { ...payload, p: PAD.slice(0, 1 + ((n * 7) % PAD.length)) };
  const sorted = Object.fromEntries(
    Object.keys(withPad)
      .sort()
      .map((k) => [k, withPad[k]]),
  );
  return encodeEventStreamMessage(
    { ":event-type": type, ":content-type": "application/json", ":message-type": "event" },
    JSON.stringify(sorted),
  );
}

/** The ConverseStream frames: no contentBlockStart for text, one per tool call. */
export function converseStreamFrames(plan: Plan, o: RenderOptions): Frame[] {
  const frames: Frame[] = [];
  const push = (type: string, payload: Record<string, unknown>): void => {
    frames.push(event(type, payload, frames.length));
  };
  push("messageStart", { role: "assistant" });
  let block = 0;
  if (o.thinking) {
    for (const delta of [{ text: REASONING.text }, { signature: REASONING.signature }])
      push("contentBlockDelta", { contentBlockIndex: block, delta: { reasoningContent: delta } });
    push("contentBlockStop", { contentBlockIndex: block });
    block++;
  }
  if (plan.text.length) {
    for (const text of plan.text) push("contentBlockDelta", { contentBlockIndex: block, delta: { text } });
    push("contentBlockStop", { contentBlockIndex: block });
    block++;
  }
  for (const call of plan.toolCalls) {
    const start = { toolUse: { toolUseId: toolUseId(call.id), name: call.name } };
    push("contentBlockStart", { contentBlockIndex: block, start });
    for (const input of call.argumentDeltas) {
      push("contentBlockDelta", { contentBlockIndex: block, delta: { toolUse: { input } } });
    }
    push("contentBlockStop", { contentBlockIndex: block });
    block++;
  }
  const fields = responseFields(plan, o);
  push("messageStop", {
    stopReason: STOP_REASONS[plan.finish],
    ...(fields ? { additionalModelResponseFields: fields } : {}),
  });
  push("metadata", { usage: usageOf(plan), metrics: { latencyMs: 412 } });
  return frames;
}

/** An exception frame, as the service sends mid-stream (`:message-type: exception`). */
export function exceptionFrame(type: string, message: string): Uint8Array {
  return encodeEventStreamMessage(
    { ":exception-type": type, ":content-type": "application/json", ":message-type": "exception" },
    JSON.stringify({ message }),
  );
}

const ERRORS: Record<ErrorKind, { status: number; type: string; message?: string }> = {
  auth: {
    status: 403,
    type: "UnrecognizedClientException",
    message: "The security token included in the request is invalid.",
  },
  rate_limit: {
    status: 429,
    type: "ThrottlingException",
    message: "Too many requests, please wait before trying again.",
  },
  server: {
    status: 500,
    type: "InternalServerException",
    message: "The system encountered an unexpected error during processing. Try your request again.",
  },
  overloaded: {
    status: 503,
    type: "ServiceUnavailableException",
    message: "Bedrock is unable to process your request.",
  },
  context_length: {
    status: 400,
    type: "ValidationException",
    message: "Input is too long for requested model.",
  },
  model_not_found: {
    status: 400,
    type: "ValidationException",
    message: "The provided model identifier is invalid.",
  },
  bad_request: { status: 400, type: "ValidationException" },
};

/** Error responses as Bedrock writes them: `{"message"}` and the type in `x-amzn-errortype`. */
export function bedrockError(kind: ErrorKind, message: string): ErrorResponse {
  const e = ERRORS[kind];
  return {
    status: e.status,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": `${e.type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      "x-amzn-requestid": "8c1d4d6e-0000-4000-8000-emulator0000",
    },
    body: JSON.stringify({ message: e.message ?? message }),
  };
}

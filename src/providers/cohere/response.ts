/**
 * Cohere v2 chat JSON response → canonical response (https://docs.cohere.com/reference/chat,
 * "Response").
 */
import type { ChatResponse, Choice, ContentPart, Logprobs, ToolCall } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import { fromCohereLogprobs } from "./logprobs.js";
import { fromCohereFinishReason, fromCohereUsage } from "./map.js";
import type { CohereChatResponse, CohereToolCall } from "./wire.js";

/**
 * Decodes a whole response. Cohere's response has no `model` and no timestamp: the model is the
 * upstream model the target asked for, and `created` is the time of decoding.
 */
export function decodeChat(body: unknown, ctx: CodecContext, provider: string): ChatResponse {
  if (!isRecord(body) || !isRecord(body.message)) {
    throw new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_invalid_response",
      message: `Cohere returned a response without a message (provider '${provider}').`,
      provider,
    });
  }
  const res = body as unknown as CohereChatResponse;
  const raw = typeof res.finish_reason === "string" ? res.finish_reason : undefined;
  const tools = (res.message.tool_calls ?? []).map(fromCohereToolCall);
  const choice: Choice = {
    index: 0,
    message: {
      role: "assistant",
      content: toContent(res.message, ctx, provider),
      ...(tools.length ? { tool_calls: tools } : {}),
    },
    finish_reason: fromCohereFinishReason(raw),
    ...(raw !== undefined ? { raw_finish_reason: raw } : {}),
    ...logprobsOf(res.logprobs, ctx, provider),
  };
  const usage = fromCohereUsage(res.usage);
  return {
    id: typeof res.id === "string" ? res.id : "",
    model: ctx.target.model,
    created: Math.floor(Date.now() / 1000),
    choices: [choice],
    ...(usage ? { usage } : {}),
  };
}

/**
 * Content: thinking first, then text. `tool_plan` (the model's plan before tool calls) is text:
 * it is what the model said before calling tools, and the encoder sends it back as `tool_plan`.
 * Parts are joined as the stream fold does, so JSON and stream answers are the same
 * (fixture `responses/tool-call.json`). Citations have no canonical place and are not carried.
 */
function toContent(m: CohereChatResponse["message"], ctx: CodecContext, provider: string): ContentPart[] {
  let thinking = "";
  let text = typeof m.tool_plan === "string" ? m.tool_plan : "";
  for (const part of m.content ?? []) {
    if (part.type === "text" && typeof part.text === "string") text += part.text;
    else if (part.type === "thinking" && typeof part.thinking === "string") thinking += part.thinking;
    else ctx.warn(`${provider}: response content of type '${String(part.type)}' has no canonical form`);
  }
  const out: ContentPart[] = [];
  if (thinking) out.push({ type: "thinking", text: thinking });
  if (text) out.push({ type: "text", text });
  return out;
}

function logprobsOf(value: unknown, ctx: CodecContext, provider: string): { logprobs?: Logprobs } {
  const logprobs = value === undefined ? undefined : fromCohereLogprobs(value, ctx, provider);
  return logprobs ? { logprobs } : {};
}

function fromCohereToolCall(t: CohereToolCall): ToolCall {
  return { id: t.id, name: t.function?.name ?? "", arguments: t.function?.arguments ?? "" };
}

/**
 * OpenAI chat completion object → canonical response
 * (https://platform.openai.com/docs/api-reference/chat/object).
 */
import { type ChatResponse, type Choice, type ContentPart, GatewayError } from "../../canonical/index.js";
import { isRecord } from "../../wire/json.js";
import type { OpenAIProfile } from "./profile.js";
import { fromOpenAIFinishReason, fromOpenAIUsage, reasoningOf, splitContent } from "./usage.js";
import type { OpenAIChatResponse } from "./wire.js";

/** Decodes a parsed JSON body; throws a 502 GatewayError when the shape is not a completion. */
export function fromOpenAIChatResponse(
  body: unknown,
  profile: OpenAIProfile,
  provider: string,
): ChatResponse {
  if (!isRecord(body) || !Array.isArray(body.choices)) {
    throw new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_invalid_response",
      message: `Provider '${provider}' returned a response that is not a chat completion.`,
      provider,
    });
  }
  const res = body as unknown as OpenAIChatResponse;
  return {
    id: res.id ?? "",
    model: res.model ?? "",
    created: res.created ?? 0,
    choices: res.choices.map((c, i) => toChoice(c, i, profile)),
    ...(res.usage ? { usage: fromOpenAIUsage(res.usage) } : {}),
    ...(res.system_fingerprint ? { system_fingerprint: res.system_fingerprint } : {}),
  };
}

function toChoice(
  c: OpenAIChatResponse["choices"][number],
  position: number,
  profile: OpenAIProfile,
): Choice {
  const msg = c.message ?? {};
  const { text, thinking } = splitContent(msg.content);
  const reasoning = thinking + reasoningOf(msg, profile);
  const content: ContentPart[] = [];
  if (reasoning) content.push({ type: "thinking", text: reasoning });
  if (text) content.push({ type: "text", text });
  const tools = (msg.tool_calls ?? []).map((t) => ({
    id: t.id,
    name: t.function?.name ?? "",
    arguments: t.function?.arguments ?? "",
  }));
  const raw = c.finish_reason ?? "stop";
  return {
    index: c.index ?? position,
    message: {
      role: "assistant",
      content,
      ...(tools.length ? { tool_calls: tools } : {}),
      ...(msg.refusal ? { refusal: msg.refusal } : {}),
    },
    finish_reason: fromOpenAIFinishReason(raw, profile),
    raw_finish_reason: raw,
    ...(c.logprobs != null ? { logprobs: c.logprobs } : {}),
  };
}

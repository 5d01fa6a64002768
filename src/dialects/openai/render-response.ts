/**
 * Canonical response → OpenAI `chat.completion` JSON.
 * https://platform.openai.com/docs/api-reference/chat/object
 */
import type { ChatResponse, FinishReason, Usage } from "../../canonical/chat.js";
import { toThinkingBlocks } from "./thinking-blocks.js";

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

export function toOpenAIFinish(reason: FinishReason): string {
  // "error" and "other" have no OpenAI value; "stop" is what SDKs treat as a normal end.
  return reason === "error" || reason === "other" ? "stop" : reason;
}

export function toOpenAIUsage(u: Usage): OpenAIUsage {
  const out: OpenAIUsage = {
    prompt_tokens: u.input_tokens,
    completion_tokens: u.output_tokens,
    total_tokens: u.input_tokens + u.output_tokens,
  };
  if (u.cached_tokens !== undefined) out.prompt_tokens_details = { cached_tokens: u.cached_tokens };
  if (u.reasoning_tokens !== undefined)
    out.completion_tokens_details = { reasoning_tokens: u.reasoning_tokens };
  return out;
}

/**
 * Where a tool call's reasoning signature travels in the OpenAI dialect: Google's own OpenAI
 * compatibility layer puts Gemini's thought signature in `extra_content.google.thought_signature`
 * on the tool call (https://ai.google.dev/gemini-api/docs/thought-signatures, "OpenAI
 * compatibility"), which clients keep when they append the assistant message to the history.
 */
export function signatureContent(signature: string): { google: { thought_signature: string } } {
  return { google: { thought_signature: signature } };
}

/** The `chatcmpl-` id OpenAI clients expect; provider ids are kept inside it. */
export function openAIId(id: string): string {
  return id.startsWith("chatcmpl-") ? id : `chatcmpl-${id}`;
}

export function renderOpenAIChat(res: ChatResponse): unknown {
  return {
    id: openAIId(res.id),
    object: "chat.completion",
    created: res.created,
    model: res.model,
    choices: res.choices.map((c) => {
      let text: string | null = null;
      for (const p of c.message.content) if (p.type === "text") text = (text ?? "") + p.text;
      const message: Record<string, unknown> = {
        role: "assistant",
        content: text,
        refusal: c.message.refusal ?? null,
      };
      // The reasoning a stream carries as `reasoning_content` deltas, and its signature.
      const reasoning = c.message.content.filter((p) => p.type === "thinking" && !p.redacted);
      if (reasoning.some((p) => p.type === "thinking" && p.text))
        message.reasoning_content = reasoning.map((p) => (p.type === "thinking" ? p.text : "")).join("");
      const blocks = toThinkingBlocks(c.message.content);
      if (blocks) message.thinking_blocks = blocks;
      if (c.message.tool_calls?.length) {
        message.tool_calls = c.message.tool_calls.map((t) => ({
          id: t.id,
          type: "function",
          // An argument-less call is "{}" as OpenAI sends it; clients JSON.parse this field.
          function: { name: t.name, arguments: t.arguments || "{}" },
          ...(t.signature ? { extra_content: signatureContent(t.signature) } : {}),
        }));
      }
      return {
        index: c.index,
        message,
        logprobs: c.logprobs ?? null,
        finish_reason: toOpenAIFinish(c.finish_reason),
      };
    }),
    ...(res.usage ? { usage: toOpenAIUsage(res.usage) } : {}),
    ...(res.system_fingerprint ? { system_fingerprint: res.system_fingerprint } : {}),
  };
}

/** Usage, finish reasons and message content: the pieces a JSON response and a stream share. */
import type { FinishReason, Usage } from "../../canonical/index.js";
import { OPENAI_FINISH_REASONS, type OpenAIProfile } from "./profile.js";
import type { OpenAIResponseContent, OpenAIUsage } from "./wire.js";

/**
 * OpenAI usage → canonical (https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage).
 * `prompt_tokens` already includes cached tokens and `completion_tokens` includes reasoning tokens,
 * as canonical Usage wants. DeepSeek reports cache hits as `prompt_cache_hit_tokens`.
 */
export function fromOpenAIUsage(u: OpenAIUsage): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  return {
    input_tokens: u.prompt_tokens ?? 0,
    output_tokens: u.completion_tokens ?? 0,
    ...(cached ? { cached_tokens: cached } : {}),
    ...(reasoning ? { reasoning_tokens: reasoning } : {}),
    source: "provider",
  };
}

/** A provider finish reason → the unified one; unknown values become `other` (raw kept by callers). */
export function fromOpenAIFinishReason(raw: string, profile: OpenAIProfile): FinishReason {
  return profile.finishReasons?.[raw] ?? OPENAI_FINISH_REASONS[raw] ?? "other";
}

/**
 * Message or delta content → text and thinking. A string for OpenAI; a list of typed chunks for
 * Mistral's reasoning models (https://docs.mistral.ai/capabilities/reasoning/).
 */
export function splitContent(content: OpenAIResponseContent | undefined): { text: string; thinking: string } {
  if (typeof content === "string") return { text: content, thinking: "" };
  let text = "";
  let thinking = "";
  for (const chunk of content ?? []) {
    if (chunk.type === "text" && typeof chunk.text === "string") text += chunk.text;
    else if (chunk.type === "thinking") {
      for (const t of chunk.thinking ?? []) if (typeof t.text === "string") thinking += t.text;
    }
  }
  return { text, thinking };
}

/**
 * The reasoning text a profile's server puts beside the content, if any: the first of the
 * profile's fields that holds text. why: vLLM sends `reasoning` and the deprecated
 * `reasoning_content` as copies of each other (fixture openai-compatible
 * responses/vllm-reasoning-copies.json), so joining them would double the thinking.
 */
export function reasoningOf(
  holder: { reasoning_content?: string | null; reasoning?: string | null },
  profile: OpenAIProfile,
): string {
  for (const field of profile.reasoningFields) {
    const v = holder[field];
    if (typeof v === "string" && v) return v;
  }
  return "";
}

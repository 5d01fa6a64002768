/** Stop reasons and token usage, shared by the JSON and stream decoders. */
import type { FinishReason, Usage } from "../../canonical/chat.js";
import { isRecord } from "../../wire/json.js";

/**
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 * (`stopReason`: end_turn | tool_use | max_tokens | stop_sequence | guardrail_intervened |
 * content_filtered | malformed_model_output | malformed_tool_use | model_context_window_exceeded).
 */
export function fromBedrockStopReason(raw: string | undefined): FinishReason {
  switch (raw) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "guardrail_intervened":
    case "content_filtered":
      return "content_filter";
    case "malformed_model_output":
    case "malformed_tool_use":
      return "error";
    default:
      return "other";
  }
}

/**
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 * Bedrock's `inputTokens` counts only the input that was neither read from nor written to the
 * prompt cache; `totalTokens` = input + output + cacheRead + cacheWrite
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html, fixture
 * responses/cache-usage.json). Canonical input_tokens includes cache tokens, so they are added.
 * Bedrock does not report reasoning tokens apart from outputTokens.
 */
export function fromBedrockUsage(usage: unknown): Usage | undefined {
  if (!isRecord(usage)) return undefined;
  const n = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  const cacheRead = n(usage.cacheReadInputTokens);
  const cacheWrite = n(usage.cacheWriteInputTokens);
  return {
    input_tokens: n(usage.inputTokens) + cacheRead + cacheWrite,
    output_tokens: n(usage.outputTokens),
    ...(cacheRead ? { cached_tokens: cacheRead } : {}),
    ...(cacheWrite ? { cache_write_tokens: cacheWrite } : {}),
    source: "provider",
  };
}

/**
 * The stop sequence that fired, when the request asked for it (Anthropic models, see
 * request.ts `additionalModelResponseFieldPaths`); Converse itself does not report it.
 */
export function stopSequenceOf(stopReason: string | undefined, fields: unknown): string | null | undefined {
  if (stopReason !== "stop_sequence") return undefined;
  if (isRecord(fields) && typeof fields.stop_sequence === "string") return fields.stop_sequence;
  return undefined;
}

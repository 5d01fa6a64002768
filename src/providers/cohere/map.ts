/** Mappings shared by the JSON and stream decoders. */
import type { FinishReason, Usage } from "../../canonical/chat.js";
import type { CohereUsage } from "./wire.js";

/**
 * Cohere's `finish_reason` (https://docs.cohere.com/reference/chat, response `finish_reason`)
 * → the unified value. Compared case-insensitively: older API versions sent lower case.
 */
export function fromCohereFinishReason(raw: string | undefined): FinishReason {
  switch (raw?.toUpperCase()) {
    case "COMPLETE":
    case "STOP_SEQUENCE":
      return "stop";
    case "MAX_TOKENS":
      return "length";
    case "TOOL_CALL":
      return "tool_calls";
    case "CONTENT_BLOCKED":
      return "content_filter";
    case "ERROR":
    case "ERROR_LIMIT":
    case "TIMEOUT":
      return "error";
    default:
      return raw === undefined ? "stop" : "other";
  }
}

/**
 * Cohere's `usage` → canonical usage. `usage.tokens` counts every token the model read and wrote
 * (including the prompt template Cohere adds), and `cached_tokens` is a part of
 * `tokens.input_tokens` (fixture `responses/cached-usage.json`: 1504 cached of 1549 read, 119
 * billed), so `tokens` is the consistent base. `billed_units` (what the invoice counts, without
 * the template) is the fallback when `tokens` is absent.
 */
export function fromCohereUsage(u: CohereUsage | undefined): Usage | undefined {
  if (!u) return undefined;
  const base =
    u.tokens?.input_tokens !== undefined || u.tokens?.output_tokens !== undefined ? u.tokens : u.billed_units;
  if (!base) return undefined;
  const input = num(base.input_tokens);
  const usage: Usage = { input_tokens: input, output_tokens: num(base.output_tokens), source: "provider" };
  const cached = u.cached_tokens ?? u.tokens?.cached_tokens;
  // Cached tokens are only meaningful against `tokens`; against billed units they could exceed input.
  if (typeof cached === "number" && cached > 0 && base === u.tokens && cached <= input) {
    usage.cached_tokens = cached;
  }
  return usage;
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

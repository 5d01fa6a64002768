/**
 * Canonical `reasoning` → Gemini `thinkingConfig`, per model family
 * (https://ai.google.dev/gemini-api/docs/thinking). Gemini 3 takes `thinkingLevel` (the official
 * SDK's `ThinkingLevel`: minimal, low, medium, high; Pro models only low and high) and cannot turn
 * thinking off; Gemini 2.5 takes `thinkingBudget`, where Pro cannot turn thinking off either
 * (budget 128 to 32768) and Flash can (0). Fixture fidelity/thinking-config.json.
 */
import type { ChatRequest } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import type { EncodeScope } from "./messages.js";
import type { GeminiGenerationConfig } from "./wire.js";

/** Thinking budgets for OpenAI-style `reasoning_effort` on Gemini 2.5 (Google's OpenAI compatibility mapping). */
const BUDGET_BY_EFFORT: Record<string, number> = {
  none: 0,
  minimal: 0,
  low: 1024,
  medium: 8192,
  high: 24576,
  // OpenAI's levels above high: the largest budget every thinking Gemini model takes (2.5 Flash's).
  xhigh: 24576,
  max: 24576,
};

/** Gemini 2.5 Pro's smallest budget: it only works in thinking mode. */
const PRO_MIN_BUDGET = 128;

type Level = "minimal" | "low" | "medium" | "high";
const LEVEL_BY_EFFORT: Record<string, Level> = {
  none: "minimal",
  minimal: "minimal",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "high",
  max: "high",
};

/** Gemini 3 and later: a model that takes `thinkingLevel` and always thinks. */
export function usesThinkingLevel(model: string): boolean {
  const m = /gemini-(\d+)/.exec(model);
  return m !== null && Number(m[1]) >= 3;
}

/** A Pro model: always thinks (2.5) or takes only the low and high levels (3). */
function isPro(model: string): boolean {
  return /gemini-[\d.]+-pro/.test(model);
}

/** The thinking config for the request's reasoning, or undefined when it asks for none. */
export function toThinkingConfig(
  reasoning: NonNullable<ChatRequest["reasoning"]>,
  scope: EncodeScope,
): GeminiGenerationConfig["thinkingConfig"] {
  const model = scope.ctx.target.model;
  const { budget_tokens: budget, effort } = reasoning;
  if (effort !== undefined && BUDGET_BY_EFFORT[effort] === undefined && budget === undefined) {
    // why: an effort Gemini has no level for is unsupported like any parameter, so
    // `on_unsupported: drop` drops it with a warning rather than failing the request.
    if (scope.ctx.onUnsupported !== "drop")
      throw GatewayError.unsupported(
        "reasoning_effort",
        scope.provider,
        `no thinking level for effort '${effort}'`,
      );
    scope.ctx.warn(`${scope.provider}: dropped 'reasoning_effort' '${effort}' (no thinking level for it)`);
    return undefined;
  }
  const noThinking = () =>
    scope.ctx.warn(
      `${scope.provider}: ${model} cannot turn thinking off; reasoning_effort 'none' used the least thinking`,
    );
  if (budget === undefined && effort !== undefined && usesThinkingLevel(model)) {
    let level = LEVEL_BY_EFFORT[effort]!;
    if (isPro(model)) level = level === "minimal" || level === "low" ? "low" : "high";
    if (effort === "none") noThinking();
    return { thinkingLevel: level, includeThoughts: true };
  }
  let thinkingBudget = budget ?? BUDGET_BY_EFFORT[effort!]!;
  if (thinkingBudget < PRO_MIN_BUDGET && (isPro(model) || usesThinkingLevel(model))) {
    if (effort === "none" || thinkingBudget === 0) noThinking();
    thinkingBudget = PRO_MIN_BUDGET;
  }
  return { thinkingBudget, includeThoughts: thinkingBudget !== 0 };
}

/**
 * What extended thinking rules out (https://docs.claude.com/en/docs/build-with-claude/extended-thinking,
 * "Feature compatibility"): `budget_tokens` below `max_tokens`, `temperature` only 1, no `top_k`,
 * `top_p` between 0.95 and 1. Claude answers 400 otherwise. A budget Tollgate derived from an
 * effort level is a hint, so it shrinks to fit the client's `max_tokens` (or thinking is left
 * out when not even the 1024-token minimum fits); sampling values thinking forbids are dropped
 * (fixture requests/case-effort-small-max-tokens). Each change is a warning.
 */
import type { CodecContext } from "../types.js";

/** The fields of a Claude request (Messages, or Bedrock's native ones) that thinking constrains. */
export interface ThinkingFields {
  max_tokens?: number;
  thinking?: { type: string; budget_tokens?: number } & Record<string, unknown>;
  temperature?: number;
  top_p?: number;
  top_k?: number;
}

const MIN_BUDGET = 1024;

/** Adjusts `f` in place; `derived` says the budget came from an effort, not the client. */
export function fitThinking(f: ThinkingFields, derived: boolean, ctx: CodecContext, provider: string): void {
  const t = f.thinking;
  if (!t || t.type !== "enabled") return;
  const max = f.max_tokens;
  if (derived && max !== undefined && t.budget_tokens !== undefined && t.budget_tokens >= max) {
    if (max - 1 < MIN_BUDGET) {
      delete f.thinking;
      ctx.warn(
        `${provider}: reasoning left out: max_tokens ${max} leaves no room for the 1024-token minimum thinking budget`,
      );
      return;
    }
    ctx.warn(
      `${provider}: thinking budget lowered from ${t.budget_tokens} to ${max - 1} to stay below max_tokens`,
    );
    t.budget_tokens = max - 1;
  }
  if (f.temperature !== undefined && f.temperature !== 1) {
    ctx.warn(`${provider}: dropped 'temperature' ${f.temperature}: Claude takes only 1 while thinking`);
    delete f.temperature;
  }
  if (f.top_k !== undefined) {
    ctx.warn(`${provider}: dropped 'top_k': Claude takes none while thinking`);
    delete f.top_k;
  }
  if (f.top_p !== undefined && f.top_p < 0.95) {
    ctx.warn(`${provider}: dropped 'top_p' ${f.top_p}: Claude takes 0.95 to 1 while thinking`);
    delete f.top_p;
  }
}

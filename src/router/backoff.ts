/**
 * How long to wait before trying the same target again: exponential backoff with full jitter
 * (AWS's "full jitter": a uniform pick in [0, base·2^n], capped), or the provider's `retry-after`
 * when it gave one — never longer than `max_retry_after_ms` or what is left of the deadline.
 */
import type { RetriesConfig } from "./config.js";

/** `retry-after` as seconds or an HTTP date → ms (undefined when absent or unreadable). */
export function retryAfterMs(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (value === undefined || value === "") return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return secs >= 0 ? secs * 1000 : undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The wait before retry number `n` (0-based), or undefined when the target should not be retried
 * (the provider asks for longer than we wait, or the deadline would pass).
 */
export function backoffMs(
  n: number,
  cfg: RetriesConfig,
  retryAfter: number | undefined,
  remainingMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  let wait: number;
  if (retryAfter !== undefined) {
    if (retryAfter > cfg.max_retry_after_ms) return undefined;
    wait = retryAfter;
  } else {
    const cap = Math.min(cfg.max_backoff_ms, cfg.backoff_ms * 2 ** n);
    wait = Math.floor(random() * cap);
  }
  if (remainingMs !== undefined && wait >= remainingMs) return undefined;
  return wait;
}

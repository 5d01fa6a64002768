/**
 * What kind of failure an attempt ended with, in `fallback_on`'s words, and what that means for
 * the attempt loop: may the same target be tried again, may the next target be tried, does it
 * count against the target's breaker.
 */
import type { GatewayError } from "../canonical/errors.js";
import type { FallbackOn } from "./config.js";

export interface FailureClass {
  /** `error`, `timeout`, `429`, `5xx`, `content_filter`, `context_length_exceeded`, or none. */
  classes: ReadonlySet<string>;
  status: number;
  /** Something about the target (not the request): retry, fall back, count for the breaker. */
  transient: boolean;
}

const TIMEOUT_CODES = new Set(["upstream_timeout", "upstream_connect_timeout", "upstream_idle_timeout"]);

export function classify(err: unknown): FailureClass {
  const e = err as Partial<GatewayError>;
  const status = typeof e.status === "number" ? e.status : 500;
  const code = e.code ?? "";
  const classes = new Set<string>();
  if (e.kind === "timeout" || TIMEOUT_CODES.has(code) || status === 408) classes.add("timeout");
  else if (e.kind === "upstream" && (status === 502 || status === 503) && code.startsWith("upstream_"))
    classes.add("error");
  if (status === 429) classes.add("429");
  if (status >= 500) classes.add("5xx");
  if (code === "content_filter" || code === "content_policy_violation") classes.add("content_filter");
  if (code === "context_length_exceeded") classes.add("context_length_exceeded");
  const transient =
    classes.has("timeout") || classes.has("error") || classes.has("429") || classes.has("5xx");
  return { classes, status, transient };
}

/** Whether `fallback_on` sends a failure of this class to the next target. */
export function fallsBack(f: FailureClass, on: FallbackOn): boolean {
  for (const item of on) {
    if (typeof item === "number") {
      if (f.status === item) return true;
    } else if (/^[45][0-9][0-9]$/.test(item)) {
      if (f.status === Number(item)) return true;
    } else if (f.classes.has(item)) return true;
  }
  return false;
}

/**
 * A refused reservation → the client's error: 402 `budget_exceeded` for a hard budget (SDKs
 * retry 429, and a budget does not come back in seconds), 429 `rate_limit_exceeded` with
 * `retry-after` for a rate limit (in the OpenAI dialect typed `requests` or `tokens`, as OpenAI's
 * own 429 is). Both name the limit that refused and its state, in the body and in
 * `x-ratelimit-*` headers.
 */
import { GatewayError } from "../canonical/errors.js";
import type { ExceededItem } from "../state/types.js";
import type { Rule } from "./rules.js";
import { resetText } from "./windows.js";

/** The `x-ratelimit-*-<suffix>` a metric reports under. */
export function headerSuffix(metric: Rule["metric"]): string {
  if (metric === "requests") return "requests";
  if (metric === "cost_usd") return "usd";
  return "tokens";
}

/** Counting units → what a user reads (USD for cost, else the count). */
export const display = (r: Rule, n: number): number => (r.metric === "cost_usd" ? n / 1e6 : n);

function describe(r: Rule): string {
  const what =
    r.kind === "budget" ? `budget '${r.id}' (${r.window})` : `limit '${r.id}' (${r.metric} per ${r.window})`;
  return `the ${r.level} '${r.scopeId}' ${what}`;
}

const fmt = (r: Rule, n: number): string =>
  r.metric === "cost_usd" ? `$${(n / 1e6).toFixed(6).replace(/0{1,4}$/, "")}` : String(n);

/** The error for a refused reservation; `rules` maps counter keys back to rules. */
export function refusal(exceeded: ExceededItem[], rules: Map<string, Rule>, now: number): GatewayError {
  const found = exceeded.map((e) => ({ e, r: rules.get(e.key) })).filter((x) => x.r) as Array<{
    e: ExceededItem;
    r: Rule;
  }>;
  const budget = found.find((x) => x.r.kind === "budget");
  // A rate-limit refusal waits for the last of the exceeded windows to reset.
  const limit = found
    .filter((x) => x.r.kind === "limit")
    .sort((a, b) => resetOf(b, now) - resetOf(a, now))[0];
  const pick = budget ?? limit ?? found[0];
  if (!pick) {
    return new GatewayError({
      status: 429,
      kind: "rate_limit",
      code: "rate_limit_exceeded",
      message: "A limit refused the request.",
    });
  }
  const { e, r } = pick;
  const reset = resetOf(pick, now);
  const resetIso = Number.isFinite(reset) ? new Date(reset).toISOString() : null;
  const s = headerSuffix(r.metric);
  const headers: Record<string, string> = {
    [`x-ratelimit-limit-${s}`]: String(display(r, e.limit)),
    [`x-ratelimit-remaining-${s}`]: String(display(r, Math.max(0, e.limit - e.used - e.held))),
  };
  if (Number.isFinite(reset)) headers[`x-ratelimit-reset-${s}`] = resetText(reset - now);
  const details = {
    limit: {
      kind: r.kind,
      scope: r.level,
      scope_id: r.scopeId,
      id: r.id,
      metric: r.metric,
      window: r.window,
      limit: display(r, e.limit),
      used: display(r, e.used),
      reserved: display(r, e.held),
      requested: display(r, e.amount),
      resets_at: resetIso,
    },
  };
  const state = `used ${fmt(r, e.used)} of ${fmt(r, e.limit)}, ${fmt(r, e.held)} reserved by requests in flight, this request needs up to ${fmt(r, e.amount)}`;
  const when = resetIso ? `; it resets at ${resetIso}` : "; it does not reset";
  if (r.kind === "budget") {
    return new GatewayError({
      status: 402,
      kind: "budget",
      code: "budget_exceeded",
      message: `Request refused: ${describe(r)} would be exceeded (${state})${when}.`,
      headers,
      details,
    });
  }
  const wait = Number.isFinite(reset) ? Math.max(1, Math.ceil((reset - now) / 1000)) : 60;
  return new GatewayError({
    status: 429,
    kind: "rate_limit",
    code: "rate_limit_exceeded",
    message: `Rate limit reached: ${describe(r)} would be exceeded (${state})${when}.`,
    retryAfter: String(wait),
    headers,
    details,
    ...(r.metric === "cost_usd" ? {} : { rateLimitType: r.metric === "requests" ? "requests" : "tokens" }),
  });
}

function resetOf(x: { e: ExceededItem; r: Rule }, now: number): number {
  // why: every counter key carries its window's or period's start, so the count starts again at
  // the rule's end exactly; the counter's own expiry was set from a slightly earlier clock
  // reading (and by Redis's clock), so it would show a reset a few ms late.
  if (Number.isFinite(x.r.span.end)) return Math.max(now, x.r.span.end);
  return x.e.resetsAt ?? Number.POSITIVE_INFINITY;
}

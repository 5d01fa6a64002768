/**
 * The attempt loop: the model's router plans the targets for this request; each target is tried,
 * retried on a failure that may pass (with backoff or the provider's `retry-after`), and left
 * for the next one when `fallback_on` says so — all within the model's `timeouts.total_ms`.
 * Client errors (4xx other than 429/408) are final: another target would refuse the same request.
 * Breakers hear every outcome; the balancer hears each attempt's start and end.
 */
import { GatewayError } from "../canonical/errors.js";
import type { RequestContext } from "../pipeline/context.js";
import type { BoundModel, CompiledTarget } from "../runtime/serving.js";
import { backoffMs, retryAfterMs } from "./backoff.js";
import { classify, fallsBack } from "./classify.js";
import { systemClock } from "./clock.js";

/** Told about each failed attempt; `next` says whether another attempt will be made. */
export type AttemptFailed = (target: CompiledTarget, err: unknown, next: boolean) => void;

/** One failed attempt, as the usage record and the headers report it. */
export interface AttemptFailure {
  target: string;
  status: number;
  code: string;
  /** What the loop did next: `retry` (same target), `fallback` (next target) or `fail`. */
  then: "retry" | "fallback" | "fail";
}

/** Per-attempt settings the attempt function must honour. */
export interface AttemptLimits {
  /** Milliseconds left before the model's total deadline, if it has one. */
  remainingMs?: number;
}

/**
 * Runs `attempt` per the plan until one succeeds or the plan is exhausted. Returns the first
 * success; throws the last error, or 503 `no_healthy_target` when every target's breaker is open.
 */
export async function withFallback<T>(
  ctx: RequestContext,
  model: BoundModel,
  attempt: (target: CompiledTarget, limits: AttemptLimits) => Promise<T>,
  onFailure?: AttemptFailed,
): Promise<T> {
  const router = model.router;
  const { retries, fallbackOn, timeouts } = router.settings;
  const clock = systemClock;
  const deadline = timeouts?.total_ms !== undefined ? clock.now() + timeouts.total_ms : undefined;
  const plan = await router.plan({ request: ctx.request!, headers: ctx.headers, identity: ctx.identity });
  if (plan.order.length === 0) throw noHealthyTarget(model, plan.skipped);
  let last: unknown;
  for (const [i, target] of plan.order.entries()) {
    for (let n = 0; ; n++) {
      // A breaker may have opened (other requests failed) or a check failed since planning.
      if (target.health && !target.health.healthy) break;
      if (target.breaker && !target.breaker.allow()) break;
      const started = clock.now();
      const remainingMs = deadline === undefined ? undefined : deadline - started;
      if (remainingMs !== undefined && remainingMs <= 0) throw last ?? deadlineExceeded(model);
      if (i > 0) ctx.fallbackUsed = true;
      ctx.attempts++;
      ctx.provider = target.provider.name;
      ctx.providerModel = target.target.model;
      ctx.target = target.id;
      router.balancer.begin?.(target);
      try {
        const out = await attempt(target, remainingMs === undefined ? {} : { remainingMs });
        target.breaker?.success();
        ctx.routed = { router, target, startedAt: started };
        return out;
      } catch (err) {
        last = err;
        router.balancer.observe?.(target, { ok: false, e2eMs: clock.now() - started });
        const f = classify(err);
        if (f.transient) target.breaker?.failure();
        const aborted = ctx.abort.signal.aborted || (err as GatewayError).code === "client_closed_request";
        const remaining = deadline === undefined ? undefined : deadline - clock.now();
        const wait =
          !aborted && f.transient && n < retries.attempts && !f.classes.has("content_filter")
            ? backoffMs(n, retries, waitAsked(err), remaining)
            : undefined;
        const more = i < plan.order.length - 1;
        const then =
          wait !== undefined ? "retry" : !aborted && more && fallsBack(f, fallbackOn) ? "fallback" : "fail";
        ctx.attemptFailures ??= [];
        ctx.attemptFailures.push({ target: target.id, status: f.status, code: codeOf(err), then });
        onFailure?.(target, err, then !== "fail");
        if (then === "fail") throw err;
        if (then === "fallback") break;
        try {
          await clock.sleep(wait!, ctx.abort.signal);
        } catch {
          throw err;
        }
      }
    }
  }
  if (last === undefined) throw noHealthyTarget(model, plan.order);
  throw last;
}

/** Every target of the model is out (breakers open): 503 naming each one's last trouble. */
function noHealthyTarget(model: BoundModel, down: readonly CompiledTarget[]): GatewayError {
  const list = down
    .map((t) => {
      if (t.health && !t.health.healthy)
        return `${t.id} (failing health checks: ${t.health.view().last_error ?? "no answer"})`;
      const v = t.breaker?.view();
      return v?.retryInMs !== undefined
        ? `${t.id} (circuit open, retry in ${Math.ceil(v.retryInMs / 1000)}s)`
        : t.id;
    })
    .join(", ");
  return new GatewayError({
    status: 503,
    kind: "upstream",
    code: "no_healthy_target",
    message: `No healthy target for model '${model.name}': ${list || "none configured"}. Try again later.`,
    retryAfter: String(
      Math.max(1, Math.ceil(Math.min(...down.map((t) => t.breaker?.view().retryInMs ?? 1000)) / 1000)),
    ),
  });
}

function deadlineExceeded(model: BoundModel): GatewayError {
  return new GatewayError({
    status: 504,
    kind: "timeout",
    code: "deadline_exceeded",
    message: `Model '${model.name}' could not be served within its total timeout (timeouts.total_ms).`,
  });
}

/** The wait the provider asked for, most precise form first. */
function waitAsked(err: unknown): number | undefined {
  const e = err as Partial<GatewayError>;
  return e.retryAfterMs ?? retryAfterMs(e.retryAfter);
}

function codeOf(err: unknown): string {
  const c = (err as Partial<GatewayError>).code;
  return typeof c === "string" ? c : "internal_error";
}

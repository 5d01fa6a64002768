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
  /** The attempt failed after its stream's first byte reached the client (`stream_resume`). */
  mid_stream?: true;
}

/** Per-attempt settings the attempt function must honour. */
export interface AttemptLimits {
  /** Milliseconds left before the model's total deadline, if it has one. */
  remainingMs?: number;
}

/** A position in one request's plan: the target at `index`, tried `tries` times after the first. */
export interface PlanCursor {
  order: readonly CompiledTarget[];
  index: number;
  tries: number;
  /** The total deadline (clock time), if the model has one. */
  deadline: number | undefined;
}

export type Attempt<T> = (target: CompiledTarget, limits: AttemptLimits) => Promise<T>;

/**
 * Runs `attempt` per the plan until one succeeds or the plan is exhausted. Returns the first
 * success; throws the last error, or 503 `no_healthy_target` when every target's breaker is open.
 */
export async function withFallback<T>(
  ctx: RequestContext,
  model: BoundModel,
  attempt: Attempt<T>,
  onFailure?: AttemptFailed,
): Promise<T> {
  const { timeouts } = model.router.settings;
  const deadline = timeouts?.total_ms !== undefined ? systemClock.now() + timeouts.total_ms : undefined;
  const plan = await model.router.plan({
    request: ctx.request!,
    headers: ctx.headers,
    identity: ctx.identity,
  });
  if (plan.order.length === 0) throw noHealthyTarget(model, plan.skipped);
  return runPlan(ctx, model, { order: plan.order, index: 0, tries: 0, deadline }, attempt, onFailure);
}

/**
 * The loop itself, from `cursor` on. A success leaves its cursor on `ctx.routed`, so a stream
 * that breaks later can go on with the rest of the plan (src/router/resume-attempts.ts).
 */
export async function runPlan<T>(
  ctx: RequestContext,
  model: BoundModel,
  cursor: PlanCursor,
  attempt: Attempt<T>,
  onFailure?: AttemptFailed,
): Promise<T> {
  const router = model.router;
  const clock = systemClock;
  const { order, deadline } = cursor;
  let last: unknown;
  for (let i = cursor.index; i < order.length; i++) {
    const target = order[i]!;
    for (let n = i === cursor.index ? cursor.tries : 0; ; n++) {
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
        ctx.routed = { router, target, startedAt: started, cursor: { order, index: i, tries: n, deadline } };
        return out;
      } catch (err) {
        last = err;
        router.balancer.observe?.(target, { ok: false, e2eMs: clock.now() - started });
        const step = nextStep(ctx, model, target, err, n, i < order.length - 1, deadline);
        onFailure?.(target, err, step.then !== "fail");
        if (step.then === "fail") throw err;
        if (step.then === "fallback") break;
        try {
          await clock.sleep(step.wait!, ctx.abort.signal);
        } catch {
          throw err;
        }
      }
    }
  }
  if (last === undefined) throw noHealthyTarget(model, order);
  throw last;
}

/**
 * What follows a failed attempt (the `n`-th retry of `target`): a retry after `wait` ms, the next
 * target, or the end. Tells the breaker and records the failure on the context.
 */
export function nextStep(
  ctx: RequestContext,
  model: BoundModel,
  target: CompiledTarget,
  err: unknown,
  n: number,
  more: boolean,
  deadline: number | undefined,
  opts: { retryable?: boolean; midStream?: boolean } = {},
): { then: AttemptFailure["then"]; wait?: number } {
  const { retries, fallbackOn } = model.router.settings;
  const f = classify(err);
  if (f.transient) target.breaker?.failure();
  const aborted = ctx.abort.signal.aborted || (err as GatewayError).code === "client_closed_request";
  const remaining = deadline === undefined ? undefined : deadline - systemClock.now();
  const wait =
    !aborted &&
    opts.retryable !== false &&
    f.transient &&
    n < retries.attempts &&
    !f.classes.has("content_filter")
      ? backoffMs(n, retries, waitAsked(err), remaining)
      : undefined;
  const then =
    wait !== undefined ? "retry" : !aborted && more && fallsBack(f, fallbackOn) ? "fallback" : "fail";
  ctx.attemptFailures ??= [];
  ctx.attemptFailures.push({
    target: target.id,
    status: f.status,
    code: codeOf(err),
    then,
    ...(opts.midStream ? { mid_stream: true as const } : {}),
  });
  return wait !== undefined ? { then, wait } : { then };
}

/** Every target of the model is out (breakers open): 503 naming each one's last trouble. */
function noHealthyTarget(model: BoundModel, down: readonly CompiledTarget[]): GatewayError {
  const list = down
    .map((t) => {
      if (t.health && !t.health.healthy) return `${t.id} (failing health checks: ${t.health.reason()})`;
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

/**
 * The attempt loop's second half for a stream that broke after its first byte reached the client
 * (`stream_resume`, docs/routing.md "Streams"). The failed attempt is judged like any other —
 * retry the same target, fall back to the next, or fail, per `retries` and `fallback_on` — but
 * only targets the caller accepts (those that can continue the partial answer) are candidates,
 * and the total deadline no longer applies: the answer has started.
 */
import type { RequestContext } from "../pipeline/context.js";
import type { BoundModel, CompiledTarget } from "../runtime/serving.js";
import { type Attempt, type AttemptFailed, nextStep, runPlan } from "./attempts.js";
import { systemClock } from "./clock.js";

/**
 * Records the broken attempt and runs the rest of the plan. Resolves undefined when the rules say
 * stop (recorded as `then: "fail"`); throws the last error when every candidate failed too.
 */
export async function resumeAttempts<T>(
  ctx: RequestContext,
  model: BoundModel,
  err: unknown,
  accepts: (target: CompiledTarget) => boolean,
  attempt: Attempt<T>,
  onFailure?: AttemptFailed,
): Promise<T | undefined> {
  const routed = ctx.routed;
  if (!routed?.cursor) return undefined;
  const { order, index, tries } = routed.cursor;
  const target = order[index]!;
  // why: the balancer heard `begin` for this attempt; the log phase only reports the last one.
  routed.router.balancer.observe?.(target, { ok: false, e2eMs: systemClock.now() - routed.startedAt });
  ctx.routed = undefined;
  const rest = order.slice(index + 1).filter(accepts);
  const step = nextStep(ctx, model, target, err, tries, rest.length > 0, undefined, {
    retryable: accepts(target),
    midStream: true,
  });
  onFailure?.(target, err, step.then !== "fail");
  if (step.then === "fail") return undefined;
  if (step.then === "retry") {
    try {
      await systemClock.sleep(step.wait!, ctx.abort.signal);
    } catch {
      return undefined;
    }
    return runPlan(
      ctx,
      model,
      { order: [target, ...rest], index: 0, tries: tries + 1, deadline: undefined },
      attempt,
      onFailure,
    );
  }
  ctx.fallbackUsed = true;
  return runPlan(ctx, model, { order: rest, index: 0, tries: 0, deadline: undefined }, attempt, onFailure);
}

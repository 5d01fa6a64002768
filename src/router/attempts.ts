/**
 * Attempt plan: a model's targets are tried in order; a failure before any byte reached the client
 * (connection error, timeout, 429, 5xx) falls back to the next target. Client errors (4xx other
 * than 429) are final: another provider would refuse the same request.
 */
import type { GatewayError } from "../canonical/errors.js";
import type { RequestContext } from "../pipeline/context.js";
import type { BoundModel, CompiledTarget } from "../runtime/serving.js";

export function isRetryable(err: GatewayError): boolean {
  if (err.code === "client_closed_request") return false;
  return err.status === 429 || err.status >= 500 || err.status === 408;
}

/**
 * Runs `attempt` against each target until one succeeds or a final error. Returns the result of
 * the first success; throws the last error otherwise.
 */
/** Told about each failed attempt; `next` says whether another target will be tried. */
export type AttemptFailed = (target: CompiledTarget, err: unknown, next: boolean) => void;

export async function withFallback<T>(
  ctx: RequestContext,
  model: BoundModel,
  attempt: (target: CompiledTarget) => Promise<T>,
  onFailure?: AttemptFailed,
): Promise<T> {
  let last: unknown;
  for (const [i, target] of model.targets.entries()) {
    ctx.attempts++;
    if (i > 0) ctx.fallbackUsed = true;
    ctx.provider = target.provider.name;
    ctx.providerModel = target.target.model;
    try {
      return await attempt(target);
    } catch (err) {
      last = err;
      const e = err as GatewayError;
      const final = typeof e.status !== "number" || !isRetryable(e) || ctx.abort.signal.aborted;
      onFailure?.(target, err, !final && i < model.targets.length - 1);
      if (final) throw err;
    }
  }
  throw last;
}

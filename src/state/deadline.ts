/**
 * A bound on how long a request waits for a records-store answer. The stores' own timeouts are
 * long (a PostgreSQL query may run 30 s: usage sums over a large ledger), and a partitioned
 * database answers nothing at all, so calls made on a client's request path (a key lookup, the
 * ledger rebuild of a budget, the admin budgets refresh) give up sooner and take their
 * outage path: last known good, or a 503 the client can retry.
 */
import { StateUnavailableError } from "./errors.js";

/** How long a request-path read of the records store may take (ms). */
export const REQUEST_PATH_DEADLINE_MS = 2000;

/** `work`, or a `StateUnavailableError` once `ms` have passed without an answer. */
export function withDeadline<T>(work: Promise<T>, what: string, ms = REQUEST_PATH_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StateUnavailableError("records", `${what}: no answer within ${ms} ms`)),
      ms,
    );
    timer.unref();
  });
  // why: the abandoned call still settles later; its rejection must not go unhandled.
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

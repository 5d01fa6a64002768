/**
 * Deletes expired documents (stored responses past `responses.retention_days`, lapsed holds of
 * any kind) from the record store on a timer. Reads already hide them; this keeps the table from
 * growing without bound. Every node of a fleet runs it: the delete is idempotent and cheap, so no
 * leader election is needed.
 */
import type { RecordStore } from "./types.js";

/** How often expired documents are deleted. An hour keeps the cost negligible on any table. */
export const PURGE_EVERY_MS = 3_600_000;

/** Purges now and then every `everyMs`; returns the function that stops it. Never throws. */
export function purgeEvery(
  store: RecordStore,
  everyMs: number,
  onError: (error: Error) => void = () => undefined,
): () => void {
  const run = () => {
    store
      .purgeExpired()
      .catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

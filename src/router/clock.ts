/** Time for the router (breakers, backoff), injectable so tests can move it by hand. */
import { setTimeout as sleepFor } from "node:timers/promises";

export interface Clock {
  /** Milliseconds, monotonic enough for windows and cooldowns. */
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleepFor(ms, undefined, signal ? { signal } : undefined),
};

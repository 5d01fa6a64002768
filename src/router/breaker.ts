/**
 * A circuit breaker per target: `max_fails` failures within `window_ms` open it; while open the
 * target is left out of attempt plans; after `cooldown_ms` it is half-open and lets exactly one
 * probe through (the first request that asks); the probe's success closes it, its failure opens
 * it for another cooldown. Failures are errors, timeouts, 429 and 5xx (what says "this target is
 * in trouble"), never a client's bad request.
 */

import type { Clock } from "./clock.js";
import type { BreakerConfig } from "./config.js";

export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerView {
  state: BreakerState;
  /** Failures counted in the current window. */
  failures: number;
  /** When an open breaker lets a probe through (ms from now), if open. */
  retryInMs?: number;
  /** The fleet shares this breaker's counts and open state (`breaker.shared`). */
  shared?: boolean;
  /** Half-open, but another node holds the fleet's probe (or the claim is being asked for). */
  probeElsewhere?: boolean;
}

export class Breaker {
  #failures: number[] = [];
  #openedAt: number | undefined;
  #probing = false;

  constructor(
    readonly config: Omit<BreakerConfig, "shared">,
    private readonly clock: Clock,
  ) {}

  /** May a request use this target now? A half-open breaker says yes once, to the probe. */
  allow(): boolean {
    if (this.#openedAt === undefined) return true;
    if (this.clock.now() - this.#openedAt < this.config.cooldown_ms) return false;
    if (this.#probing) return false;
    this.#probing = true;
    return true;
  }

  /** Whether a plan should include the target (like `allow`, without taking the probe). */
  available(): boolean {
    if (this.#openedAt === undefined) return true;
    return !this.#probing && this.clock.now() - this.#openedAt >= this.config.cooldown_ms;
  }

  success(): void {
    this.#openedAt = undefined;
    this.#probing = false;
    this.#failures = [];
  }

  failure(): void {
    const now = this.clock.now();
    if (this.#openedAt !== undefined) {
      // The probe failed (or a request that started before the breaker opened): another cooldown.
      this.#openedAt = now;
      this.#probing = false;
      return;
    }
    const since = now - this.config.window_ms;
    this.#failures = this.#failures.filter((t) => t > since);
    this.#failures.push(now);
    if (this.#failures.length >= this.config.max_fails) {
      this.#openedAt = now;
      this.#failures = [];
    }
  }

  /**
   * Open as of now without counting a failure: the fleet says the target is out (see
   * `FleetBreaker`). A probe in flight is left to finish and report.
   */
  protected holdOpen(): void {
    if (this.#probing) return;
    this.#openedAt = this.clock.now();
    this.#failures = [];
  }

  /** Ends an open breaker's cooldown now (half-open): the fleet's open marker is gone. */
  protected endCooldown(): void {
    if (this.#openedAt === undefined || this.#probing) return;
    this.#openedAt = Math.min(this.#openedAt, this.clock.now() - this.config.cooldown_ms);
  }

  view(): BreakerView {
    const now = this.clock.now();
    if (this.#openedAt === undefined) {
      const since = now - this.config.window_ms;
      return { state: "closed", failures: this.#failures.filter((t) => t > since).length };
    }
    const left = this.config.cooldown_ms - (now - this.#openedAt);
    if (left > 0) return { state: "open", failures: this.config.max_fails, retryInMs: Math.ceil(left) };
    return { state: "half-open", failures: this.config.max_fails };
  }
}

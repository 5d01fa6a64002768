/**
 * Active health checks (`health_check` on a model), after Kong's upstream active checks: a timer
 * per model probes every target each `interval_ms`; `unhealthy_after` failed probes in a row take
 * a target out of plans (as an open breaker does), `healthy_after` good ones in a row bring it
 * back. A target starts healthy (status `unknown`), so a fresh node serves at once. What a probe
 * sends is the caller's (the server's `health-probe.ts`: a one-token chat through the target's
 * own codec). Independent of the breaker: the breaker hears real traffic, the check hears probes.
 */
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import type { HealthCheckConfig } from "./config.js";

export type CheckStatus = "unknown" | "healthy" | "unhealthy";

/** A target's active health, for explain and 503 messages. */
export interface CheckView {
  status: CheckStatus;
  /** Failed probes in a row (0 after a good one). */
  failures: number;
  /** Good probes in a row (0 after a failed one). */
  successes: number;
  /** The last failed probe's error, already free of credentials. */
  last_error?: string;
  /** How long ago the last probe ended. */
  checked_ms_ago?: number;
  /** The fleet shares verdicts (`health_check.shared`). */
  shared?: boolean;
  /** The fleet's latest verdicts, as last read (absent: none read, or the store is down). */
  fleet?: { unhealthy: number; healthy: number };
}

/** One target's probe results, folded into healthy or not. */
export class TargetHealth {
  #status: CheckStatus = "unknown";
  #failures = 0;
  #successes = 0;
  #lastError: string | undefined;
  #checkedAt: number | undefined;

  constructor(
    readonly config: HealthCheckConfig,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Whether plans may include the target. */
  get healthy(): boolean {
    return this.#status !== "unhealthy";
  }

  /** Why the target is out, for the 503 message. */
  reason(): string {
    return this.#lastError ?? "no answer";
  }

  report(ok: boolean, error?: string): void {
    this.#checkedAt = this.clock.now();
    if (ok) {
      this.#failures = 0;
      this.#successes++;
      if (
        this.#status !== "healthy" &&
        (this.#status === "unknown" || this.#successes >= this.config.healthy_after)
      )
        this.#status = "healthy";
      return;
    }
    this.#successes = 0;
    this.#failures++;
    this.#lastError = error;
    if (this.#failures >= this.config.unhealthy_after) this.#status = "unhealthy";
  }

  view(): CheckView {
    return {
      status: this.#status,
      failures: this.#failures,
      successes: this.#successes,
      ...(this.#lastError !== undefined ? { last_error: this.#lastError } : {}),
      ...(this.#checkedAt !== undefined
        ? { checked_ms_ago: Math.round(this.clock.now() - this.#checkedAt) }
        : {}),
    };
  }
}

/** Sends one probe to a target; resolves when it is serving, rejects (with why) when not. */
export type HealthProbe<T> = (target: T, signal: AbortSignal) => Promise<void>;

/** Probes a model's targets on a timer that never keeps the process alive. */
export class HealthChecker<T extends { health?: TargetHealth | undefined }> {
  #timer: NodeJS.Timeout | undefined;
  #first: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    readonly config: HealthCheckConfig,
    private readonly targets: readonly T[],
    private readonly probe: HealthProbe<T>,
  ) {}

  /**
   * Probes soon (a target down at start is known within one timeout), then every interval. The
   * first round waits a turn of the event loop: the gateway binds routers before it is complete.
   */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#tick(), this.config.interval_ms);
    this.#timer.unref();
    this.#first = setTimeout(() => this.#tick(), 0);
    this.#first.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#first);
    this.#timer = this.#first = undefined;
  }

  /** One probe of every target, in parallel; each ends by `timeout_ms`. */
  async round(): Promise<void> {
    await Promise.all(
      this.targets.map(async (t) => {
        if (!t.health) return;
        try {
          await this.probe(t, AbortSignal.timeout(this.config.timeout_ms));
          t.health.report(true);
        } catch (err) {
          t.health.report(false, err instanceof Error ? err.message : String(err));
        }
      }),
    );
  }

  #tick(): void {
    // A round still running (a slow probe) is not overlapped.
    if (this.#running) return;
    this.#running = this.round().finally(() => {
      this.#running = undefined;
    });
  }
}

/**
 * A model's router: its balancer instance, its retry / fallback / deadline settings, and the
 * breakers of its targets. `plan` orders the targets for one request: tiers by `priority`
 * (lower first), the balancer's order within a tier, targets whose breaker is open left out.
 * A single-target model with no breaker skips all of it (the common case costs nothing).
 */
import type { Balancer, PlanInput, TargetScore, WeightedTarget } from "./balancers/balancer.js";
import type { Breaker, BreakerView } from "./breaker.js";
import type { FallbackOn, ModelTimeouts, RetriesConfig } from "./config.js";
import type { CheckView, TargetHealth } from "./health-check.js";

/** What the router needs of a target. */
export interface RoutedTarget extends WeightedTarget {
  id: string;
  breaker?: Breaker | undefined;
  /** Active health checks' verdict, when the model has `health_check`. */
  health?: TargetHealth | undefined;
}

/** Whether plans may include the target: its breaker lets traffic through and its checks pass. */
export function usable(t: RoutedTarget): boolean {
  return (t.health?.healthy ?? true) && (t.breaker?.available() ?? true);
}

export interface RouterSettings {
  retries: RetriesConfig;
  fallbackOn: FallbackOn;
  timeouts: ModelTimeouts | undefined;
  /** `stream_resume`: a stream broken after its first byte may continue on another target. */
  streamResume?: boolean;
}

export interface Plan<T> {
  /** Targets to try, in order. */
  order: T[];
  /** Targets left out because their breaker is open or their health checks fail. */
  skipped: T[];
}

/** A target's standing for explain. */
export interface Standing<T> {
  target: T;
  tier: number;
  breaker: BreakerView;
  /** Active health checks, when the model has them. */
  check?: CheckView;
  /** Whether the checks keep the target in plans (the fleet's verdicts too, when shared). */
  checkPasses?: boolean;
  score: TargetScore;
}

export class ModelRouter<T extends RoutedTarget> {
  readonly #tiers: T[][];
  readonly #simple: boolean;

  constructor(
    readonly algorithm: string,
    readonly balancer: Balancer<T>,
    readonly settings: RouterSettings,
    readonly targets: readonly T[],
  ) {
    const byTier = new Map<number, T[]>();
    for (const t of targets) {
      const p = t.priority ?? 1;
      const tier = byTier.get(p) ?? [];
      tier.push(t);
      byTier.set(p, tier);
    }
    this.#tiers = [...byTier.entries()].sort((a, b) => a[0] - b[0]).map(([, ts]) => ts);
    this.#simple = targets.length === 1 && !targets[0]!.breaker && !targets[0]!.health;
  }

  /** Orders the targets for one request. */
  async plan(input: PlanInput): Promise<Plan<T>> {
    if (this.#simple) return { order: [...this.targets], skipped: [] };
    const order: T[] = [];
    const skipped: T[] = [];
    for (const tier of this.#tiers) {
      const healthy = tier.filter(usable);
      for (const t of tier) if (!healthy.includes(t)) skipped.push(t);
      if (healthy.length === 0) continue;
      const planned = healthy.length === 1 ? healthy : this.balancer.plan(healthy, input);
      order.push(...(Array.isArray(planned) ? planned : await planned));
    }
    return { order, skipped };
  }

  /** Each target's standing for explain: tier, breaker, the balancer's score. Changes nothing. */
  async standing(input: PlanInput): Promise<Standing<T>[]> {
    const out: Standing<T>[] = [];
    for (const [tierIndex, tier] of this.#tiers.entries()) {
      const raw = this.balancer.scores?.(tier, input) ?? tier.map(() => ({}));
      const scores = Array.isArray(raw) ? raw : await raw;
      for (const [i, t] of tier.entries()) {
        out.push({
          target: t,
          tier: t.priority ?? tierIndex + 1,
          breaker: t.breaker?.view() ?? { state: "closed", failures: 0 },
          ...(t.health ? { check: t.health.view(), checkPasses: t.health.healthy } : {}),
          score: scores[i] ?? {},
        });
      }
    }
    return out;
  }
}

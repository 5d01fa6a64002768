/**
 * Lowest usage: the target that spent the fewest tokens (or the least cost) in a sliding window,
 * relative to its weight. Usage is known only when an answer ends, so attempts still in flight
 * count at the target's mean use per request: a burst does not all land on the target that was
 * idle a moment ago. Per node by default; with `shared: true` and a counter store, the window
 * counts are the fleet's (see `SharedUsage`).
 */
import type { CounterStore } from "../../state/types.js";
import type { AttemptOutcome, SyncBalancer, WeightedTarget } from "./balancer.js";
import type { BalancerConfigOf } from "./config.js";
import { firstThenRest, Lowest, PerTarget, weightOf } from "./order.js";
import { SharedUsage } from "./shared-usage.js";
import { UsageWindow } from "./usage-window.js";

type Settings = Omit<BalancerConfigOf<"lowest-usage">, "algorithm">;
export type UsageStrategy = Settings["usage_strategy"];

interface Stat {
  window: UsageWindow;
  inflight: number;
  requests: number;
  spent: number;
  picks: number;
}

/** What an outcome spent, in whole units (tokens, or micro-dollars for `cost`). */
export function usageAmount(o: AttemptOutcome, strategy: UsageStrategy): number | undefined {
  if (strategy === "cost") return o.costUsd === undefined ? undefined : Math.round(o.costUsd * 1e6);
  const n = o.usage?.[strategy];
  return n === undefined ? undefined : Math.max(0, Math.round(n));
}

export interface LowestUsageDeps {
  /** The fleet's counters, used when `shared` is on. */
  counters?: CounterStore | undefined;
  /** Names the model in shared keys. */
  scope?: string;
  /** Wall clock in ms (windows are aligned to it). */
  now?: () => number;
}

export function lowestUsageBalancer<T extends WeightedTarget & object>(
  settings: Partial<Settings> = {},
  deps: LowestUsageDeps = {},
): SyncBalancer<T> {
  const s: Settings = { usage_strategy: "total_tokens", window_ms: 60_000, shared: false, ...settings };
  const now = deps.now ?? Date.now;
  const stats = new PerTarget<T, Stat>(() => ({
    window: new UsageWindow(s.window_ms),
    inflight: 0,
    requests: 0,
    spent: 0,
    picks: 0,
  }));
  const shared =
    s.shared && deps.counters
      ? new SharedUsage<T>(deps.counters, deps.scope ?? "", s, (t) => stats.get(t).window, now)
      : undefined;
  const score = (st: Stat, at: number, w: number) =>
    (st.window.value(at) + (st.requests ? (st.inflight * st.spent) / st.requests : 0)) / w;

  return {
    plan(targets) {
      if (targets.length < 2) return [...targets];
      const at = now();
      shared?.refresh(targets, at);
      const best = new Lowest();
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i]!;
        const st = stats.get(t);
        const w = weightOf(t);
        best.offer(i, score(st, at, w), (st.picks + 1) / w);
      }
      stats.get(targets[best.index]!).picks++;
      return firstThenRest(targets, best.index);
    },
    begin(target) {
      stats.get(target).inflight++;
    },
    observe(target, outcome) {
      const st = stats.get(target);
      if (st.inflight > 0) st.inflight--;
      const amount = usageAmount(outcome, s.usage_strategy);
      if (amount === undefined) return;
      const at = now();
      st.window.add(amount, at);
      st.requests++;
      st.spent += amount;
      shared?.add(target, amount, at);
    },
    scores: (targets) => {
      const at = now();
      const unit = s.usage_strategy === "cost" ? "micro-USD" : s.usage_strategy;
      return targets.map((t) => {
        const st = stats.peek(t);
        return {
          score: st ? score(st, at, weightOf(t)) : 0,
          metric: `${unit} in ${s.window_ms} ms per weight${shared ? " (fleet)" : ""}`,
        };
      });
    },
  };
}

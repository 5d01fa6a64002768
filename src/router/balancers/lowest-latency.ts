/**
 * Lowest latency by peak EWMA (Finagle's "peak EWMA" load balancer): per target, a sample above
 * the average replaces it at once (the peak), one below moves it by `sample_weight`, so a target
 * that turns slow loses traffic on its first slow answer and regains it gradually. The score is
 * the average times (in flight + 1), so a burst does not pile onto the one fast target.
 * Unmeasured targets score 0 and are tried first; a share of decisions (`explore`) goes to the
 * target measured longest ago, so a target that was slow once gets measured again. With
 * `shared: true` and a counter store, a target's average is the fleet's (see `SharedLatency`).
 */

import type { CounterStore } from "../../state/types.js";
import type { AttemptOutcome, SyncBalancer, WeightedTarget } from "./balancer.js";
import type { BalancerConfigOf } from "./config.js";
import { firstThenRest, Lowest, PerTarget, weightOf } from "./order.js";
import { SharedLatency } from "./shared-latency.js";

type Settings = Omit<BalancerConfigOf<"lowest-latency">, "algorithm">;

interface Stat {
  /** Milliseconds (e2e) or milliseconds per output token (tpot); undefined until measured. */
  ewma: number | undefined;
  inflight: number;
  /** Decision number of the last pick or sample, for exploring. */
  seenAt: number;
  picks: number;
}

const DEFAULTS: Settings = {
  latency_strategy: "e2e",
  sample_weight: 0.3,
  explore: 0.02,
  failure_penalty: 2,
  shared: false,
};

export interface LowestLatencyDeps {
  /** The fleet's counters, used when `shared` is on. */
  counters?: CounterStore | undefined;
  /** Names the model in shared keys. */
  scope?: string;
  /** Wall clock in ms (publishing slots are aligned to it). */
  now?: () => number;
}

/** The latency sample of an outcome, or undefined when it has none (tpot without tokens). */
export function latencySample(o: AttemptOutcome, strategy: Settings["latency_strategy"]): number | undefined {
  if (strategy === "e2e") return o.e2eMs;
  const tokens = o.usage?.completion_tokens ?? 0;
  if (o.firstByteMs === undefined || tokens < 2) return undefined;
  // why: the first token's time is TTFT (queueing, prompt processing); tpot is the decode speed.
  return Math.max(0, o.e2eMs - o.firstByteMs) / (tokens - 1);
}

export function lowestLatencyBalancer<T extends WeightedTarget & object>(
  settings: Partial<Settings> = {},
  deps: LowestLatencyDeps = {},
): SyncBalancer<T> {
  const s: Settings = { ...DEFAULTS, ...settings };
  const every = s.explore > 0 ? Math.round(1 / s.explore) : 0;
  const stats = new PerTarget<T, Stat>(() => ({ ewma: undefined, inflight: 0, seenAt: 0, picks: 0 }));
  const shared =
    s.shared && deps.counters
      ? new SharedLatency<T>(deps.counters, deps.scope ?? "", s.latency_strategy, deps.now ?? Date.now)
      : undefined;
  let decisions = 0;
  const latency = (t: T, st: Stat | undefined) => (shared ? shared.latency(t, st?.ewma) : st?.ewma);
  const score = (t: T, st: Stat | undefined) => {
    const l = latency(t, st);
    return l === undefined ? 0 : l * ((st?.inflight ?? 0) + 1);
  };

  function record(t: T, st: Stat, sample: number): void {
    st.ewma =
      st.ewma === undefined || sample > st.ewma ? sample : st.ewma + s.sample_weight * (sample - st.ewma);
    st.seenAt = decisions;
    shared?.sampled(t);
  }

  return {
    plan(targets) {
      if (targets.length < 2) return [...targets];
      shared?.refresh(targets, (t) => stats.peek(t)?.ewma);
      decisions++;
      const best = new Lowest();
      let stalest = 0;
      let stalestAt = Number.POSITIVE_INFINITY;
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i]!;
        const st = stats.get(t);
        best.offer(i, score(t, st), (st.picks + 1) / weightOf(t));
        if (st.seenAt < stalestAt) {
          stalest = i;
          stalestAt = st.seenAt;
        }
      }
      // Exploring: the target measured longest ago goes first this once.
      const chosen = every > 0 && decisions % every === 0 ? stalest : best.index;
      const first = stats.get(targets[chosen]!);
      first.picks++;
      first.seenAt = decisions;
      return firstThenRest(targets, chosen);
    },
    begin(target) {
      stats.get(target).inflight++;
    },
    observe(target, outcome) {
      const st = stats.get(target);
      if (st.inflight > 0) st.inflight--;
      if (outcome.ok) {
        const sample = latencySample(outcome, s.latency_strategy);
        if (sample !== undefined) record(target, st, sample);
        return;
      }
      // why: a fast failure (an instant 500) must not make a target look fast.
      if (s.latency_strategy === "e2e")
        record(target, st, Math.max(st.ewma ?? 0, outcome.e2eMs) * s.failure_penalty);
      else if (st.ewma !== undefined) record(target, st, st.ewma * s.failure_penalty);
    },
    scores: (targets) => {
      // A background read, so explain on a quiet node shows the fleet's numbers too.
      shared?.refresh(targets, (t) => stats.peek(t)?.ewma);
      const fleet = shared ? " (fleet)" : "";
      return targets.map((t) => {
        const st = stats.peek(t);
        return latency(t, st) === undefined
          ? { score: 0, metric: "peak EWMA × (in flight + 1)", note: "not measured yet" }
          : { score: score(t, st), metric: `peak EWMA ${s.latency_strategy} ms × (in flight + 1)${fleet}` };
      });
    },
  };
}

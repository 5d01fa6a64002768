/**
 * Least in flight: the target with the fewest attempts running relative to its weight. Ties (an
 * idle pool, sequential traffic) go by picks per weight, so a 3:1 pool still splits 3:1 when
 * nothing overlaps.
 */
import type { SyncBalancer, WeightedTarget } from "./balancer.js";
import { firstThenRest, Lowest, PerTarget, weightOf } from "./order.js";

interface Load {
  inflight: number;
  picks: number;
}

export function leastInflightBalancer<T extends WeightedTarget & object>(): SyncBalancer<T> {
  const load = new PerTarget<T, Load>(() => ({ inflight: 0, picks: 0 }));
  return {
    plan(targets) {
      if (targets.length < 2) return [...targets];
      const best = new Lowest();
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i]!;
        const l = load.get(t);
        const w = weightOf(t);
        best.offer(i, l.inflight / w, (l.picks + 1) / w);
      }
      load.get(targets[best.index]!).picks++;
      return firstThenRest(targets, best.index);
    },
    begin(target) {
      load.get(target).inflight++;
    },
    observe(target) {
      const l = load.get(target);
      if (l.inflight > 0) l.inflight--;
    },
    scores: (targets) =>
      targets.map((t) => ({
        score: (load.peek(t)?.inflight ?? 0) / weightOf(t),
        metric: "in flight per weight",
      })),
  };
}

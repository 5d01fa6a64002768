/**
 * Least in flight: the target with the fewest attempts running relative to its weight. Ties (an
 * idle pool, sequential traffic) go by picks per weight, so a 3:1 pool still splits 3:1 when
 * nothing overlaps.
 */
import type { SyncBalancer, WeightedTarget } from "./balancer.js";
import { orderByScore, PerTarget, weightOf } from "./order.js";

interface Load {
  inflight: number;
  picks: number;
}

export function leastInflightBalancer<T extends WeightedTarget & object>(): SyncBalancer<T> {
  const load = new PerTarget<T, Load>(() => ({ inflight: 0, picks: 0 }));
  return {
    plan(targets) {
      if (targets.length < 2) return [...targets];
      const n = targets.length;
      const scores = new Array<number>(n);
      const ties = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const t = targets[i]!;
        const l = load.get(t);
        const w = weightOf(t);
        scores[i] = l.inflight / w;
        ties[i] = (l.picks + 1) / w;
      }
      const order = orderByScore(targets, scores, ties);
      load.get(order[0]!).picks++;
      return order;
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

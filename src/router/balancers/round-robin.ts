/**
 * Smooth weighted round-robin: each pick adds every target's weight to its running score, takes the
 * highest and subtracts the total, so a 3:1 pool goes a,a,b,a rather than a,a,a,b.
 */
import type { SyncBalancer, WeightedTarget } from "./balancer.js";

/** A round-robin balancer; the plan starts with the pick, the rest follow in list order. */
export function roundRobinBalancer<T extends WeightedTarget>(): SyncBalancer<T> {
  const scores = new Map<T, number>();
  return {
    plan(targets) {
      if (targets.length < 2) return [...targets];
      let total = 0;
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (const [i, t] of targets.entries()) {
        const w = t.weight ?? 1;
        total += w;
        const s = (scores.get(t) ?? 0) + w;
        scores.set(t, s);
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      }
      scores.set(targets[best]!, bestScore - total);
      return [targets[best]!, ...targets.filter((_, i) => i !== best)];
    },
    scores: (targets) =>
      targets.map((t) => ({
        score: (scores.get(t) ?? 0) + (t.weight ?? 1),
        metric: "smooth weight (highest next)",
      })),
  };
}

/** The default balancer: the configured list order, which is today's fallback order. */
import type { SyncBalancer, WeightedTarget } from "./balancer.js";

/** Returns the targets in list position order. */
export function priorityBalancer<T extends WeightedTarget>(): SyncBalancer<T> {
  return {
    plan: (targets) => [...targets],
    scores: (targets) => targets.map((_, i) => ({ score: i, metric: "position" })),
  };
}

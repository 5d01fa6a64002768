/** The default balancer: the configured list order, which is today's fallback order. */
import type { Balancer, WeightedTarget } from "./balancer.js";

/** Returns the targets in list position order. */
export function priorityBalancer<T extends WeightedTarget>(): Balancer<T> {
  return { plan: (targets) => [...targets] };
}

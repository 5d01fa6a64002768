/** Balancers by their config name (`balancer.algorithm`). */
import type { Balancer, SyncBalancer, WeightedTarget } from "./balancer.js";
import { priorityBalancer } from "./priority.js";
import { roundRobinBalancer } from "./round-robin.js";

const BALANCERS = {
  priority: priorityBalancer,
  "round-robin": roundRobinBalancer,
} as const;

/** The algorithm names a config may use. */
export type BalancerAlgorithm = keyof typeof BALANCERS;

/** A fresh balancer for `algorithm`; an unknown name is a clear error listing the known ones. */
export function createBalancer<T extends WeightedTarget>(
  algorithm: "priority" | "round-robin",
): SyncBalancer<T>;
export function createBalancer<T extends WeightedTarget>(algorithm: string): Balancer<T>;
export function createBalancer<T extends WeightedTarget>(algorithm: string): Balancer<T> {
  const make = (BALANCERS as Record<string, (() => Balancer<T>) | undefined>)[algorithm];
  if (!make) throw new Error(`unknown balancer '${algorithm}' (known: ${Object.keys(BALANCERS).join(", ")})`);
  return make();
}

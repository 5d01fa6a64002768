/**
 * The shared shape of a balancer: given a pool of targets, an ordered attempt plan for one request.
 * State (counters, weights) lives in the balancer instance, per node, for now.
 */

/** What a balancer needs to know about a target. */
export interface WeightedTarget {
  /** Relative share of traffic; absent counts as 1. */
  weight?: number;
}

/** Orders a model's targets for one request; the first entry is tried first. */
export interface Balancer<T extends WeightedTarget> {
  plan(targets: readonly T[]): T[];
}

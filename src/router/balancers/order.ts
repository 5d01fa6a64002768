/** Helpers the scoring balancers share: weights, and a plan ordered by score. */
import type { WeightedTarget } from "./balancer.js";

/** A target's weight; absent or non-positive counts as 1. */
export function weightOf(t: WeightedTarget): number {
  const w = t.weight;
  return w !== undefined && w > 0 ? w : 1;
}

/**
 * The targets sorted by `scores` (lowest first), ties by `tiebreak` (lowest first), then list
 * order. Callers pass a tiebreak that moves on each pick (picks per weight), so equal targets
 * share traffic by weight instead of the first one taking all of it.
 */
export function orderByScore<T>(
  targets: readonly T[],
  scores: readonly number[],
  tiebreak: readonly number[],
): T[] {
  const n = targets.length;
  const idx: number[] = new Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => scores[a]! - scores[b]! || tiebreak[a]! - tiebreak[b]! || a - b);
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = targets[idx[i]!]!;
  return out;
}

/** Per-target state kept by object identity (a reload that changes targets builds a new balancer). */
export class PerTarget<T extends object, S> {
  readonly #map = new Map<T, S>();
  constructor(private readonly init: () => S) {}

  get(t: T): S {
    let s = this.#map.get(t);
    if (s === undefined) {
      s = this.init();
      this.#map.set(t, s);
    }
    return s;
  }

  /** Without creating state (explain must not change anything). */
  peek(t: T): S | undefined {
    return this.#map.get(t);
  }
}

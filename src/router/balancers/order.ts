/** Helpers the scoring balancers share: weights, and a plan ordered by score. */
import type { WeightedTarget } from "./balancer.js";

/** A target's weight; absent or non-positive counts as 1. */
export function weightOf(t: WeightedTarget): number {
  const w = t.weight;
  return w !== undefined && w > 0 ? w : 1;
}

/**
 * Tracks the lowest (score, tiebreak) over one pass. Callers pass a tiebreak that moves on each
 * pick (picks per weight), so equal targets share traffic by weight instead of the first one
 * taking all of it. One pass and no sort: a decision must stay in the low microseconds.
 */
export class Lowest {
  index = -1;
  #score = Number.POSITIVE_INFINITY;
  #tie = Number.POSITIVE_INFINITY;

  offer(i: number, score: number, tie: number): void {
    if (score < this.#score || (score === this.#score && tie < this.#tie) || this.index < 0) {
      this.index = i;
      this.#score = score;
      this.#tie = tie;
    }
  }
}

/** The plan: the chosen target first, then the others in list order (the fallbacks). */
export function firstThenRest<T>(targets: readonly T[], first: number): T[] {
  const out: T[] = [targets[first]!];
  for (let i = 0; i < targets.length; i++) if (i !== first) out.push(targets[i]!);
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

/**
 * A consistent-hash ring with virtual nodes. Points are hashes of `id#i`, so a target keeps its
 * points across reloads and nodes; leaving a target out (breaker open) only skips its points,
 * which moves exactly its share of keys to the targets that follow each point.
 */
import { hash32 } from "./hash.js";

export class HashRing<T> {
  #points = new Uint32Array(0);
  #owners: number[] = [];
  readonly #members: T[] = [];
  readonly #index = new Map<T, number>();

  constructor(
    private readonly idOf: (t: T, n: number) => string,
    private readonly pointsOf: (t: T) => number,
  ) {}

  /** Adds targets not on the ring yet (rebuilds the sorted points; rare: once per new target). */
  ensure(targets: readonly T[]): void {
    let added = false;
    for (const t of targets) {
      if (this.#index.has(t)) continue;
      this.#index.set(t, this.#members.length);
      this.#members.push(t);
      added = true;
    }
    if (added) this.#rebuild();
  }

  /** `allowed` in ring order from `key`: the first owns the key, the rest are its fallbacks. */
  walk(key: number, allowed: readonly T[]): T[] {
    const want = new Set(allowed);
    const out: T[] = [];
    const n = this.#points.length;
    let i = lowerBound(this.#points, key);
    for (let step = 0; step < n && out.length < want.size; step++, i++) {
      const t = this.#members[this.#owners[i % n]!]!;
      if (want.has(t) && !out.includes(t)) out.push(t);
    }
    return out;
  }

  #rebuild(): void {
    const pts: Array<[number, number]> = [];
    for (const [m, t] of this.#members.entries()) {
      const id = this.idOf(t, m);
      const count = this.pointsOf(t);
      for (let v = 0; v < count; v++) pts.push([hash32(`${id}#${v}`), m]);
    }
    pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.#points = Uint32Array.from(pts, (p) => p[0]);
    this.#owners = pts.map((p) => p[1]);
  }
}

function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

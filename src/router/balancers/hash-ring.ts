/**
 * A consistent-hash ring with virtual nodes. Points are hashes of `id#i`, so a target keeps its
 * points across reloads and nodes; leaving a target out (breaker open) only skips its points,
 * which moves exactly its share of keys to the targets that follow each of its points.
 */
import { hash32 } from "./hash.js";

export class HashRing<T> {
  #points = new Uint32Array(0);
  #owners = new Int32Array(0);
  /** Per member: the stamp of the last walk that allowed it (no Set per request). */
  #allowed = new Int32Array(0);
  #stamp = 0;
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

  /**
   * The member of `allowed` that owns `key` (the first of its points at or after `key`), then
   * the rest of `allowed` in their order. Only the owner comes from the ring: walking on to
   * order every fallback costs a coupon-collector walk per request for little gain.
   */
  walk(key: number, allowed: readonly T[]): T[] {
    const stamp = ++this.#stamp;
    for (const t of allowed) {
      const m = this.#index.get(t);
      if (m !== undefined) this.#allowed[m] = stamp;
    }
    const n = this.#points.length;
    let owner: T | undefined;
    for (let i = lowerBound(this.#points, key), step = 0; step < n; step++, i++) {
      const m = this.#owners[i % n]!;
      if (this.#allowed[m] === stamp) {
        owner = this.#members[m];
        break;
      }
    }
    if (owner === undefined) return [...allowed];
    const out: T[] = [owner];
    for (const t of allowed) if (t !== owner) out.push(t);
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
    this.#owners = Int32Array.from(pts, (p) => p[1]);
    this.#allowed = new Int32Array(this.#members.length);
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

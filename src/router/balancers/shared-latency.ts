/**
 * Fleet-wide latency for `lowest-latency` with `shared: true`. A decision never waits on the
 * store. Each node publishes, once per slot (a second of wall clock, aligned so every node writes
 * the same keys), each target's peak EWMA weighted by the samples it took since the last publish
 * (`…:v:<slot>` += EWMA µs × samples, `…:w:<slot>` += samples), and reads the last `SLOTS`
 * complete slots in the background. A target's latency is then the mean of the fleet's recent
 * values weighted by their samples, plus this node's own samples the read did not cover yet.
 * Slots expire on their own, so a node that stops publishing drops out of the mean. An
 * unreachable store leaves the node on its own averages (the next read tries again).
 */
import type { CounterStore } from "../../state/types.js";
import type { WeightedTarget } from "./balancer.js";

/** Length of a publishing slot. */
export const SLOT_MS = 1000;
/** Complete slots a read covers: the fleet's view is the last five seconds. */
export const SLOTS = 5;

interface Own {
  /** Samples not published yet. */
  unpublished: number;
  /** Samples published per slot, until a read covers that slot. */
  published: Map<number, number>;
}

interface Fleet {
  /** Σ EWMA µs × samples over the read slots. */
  sum: number;
  samples: number;
}

export class SharedLatency<T extends WeightedTarget & object> {
  readonly #tag: string;
  readonly #ids = new Map<T, string>();
  readonly #own = new Map<T, Own>();
  readonly #fleet = new Map<T, Fleet>();
  #slot = Number.NEGATIVE_INFINITY;
  #reading = false;
  #pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: CounterStore,
    scope: string,
    private readonly strategy: string,
    private readonly now: () => number,
  ) {
    // why: one hash tag per model keeps every key of a getMany in one Redis Cluster slot.
    this.#tag = `{ll:${scope.replace(/[{}]/g, "_")}}`;
  }

  /** This node recorded a sample for `t`. */
  sampled(t: T): void {
    this.#ownOf(t).unpublished++;
  }

  /**
   * `own`: this node's EWMA (undefined until measured). The fleet's weighted mean with this
   * node's uncovered samples on top; undefined when neither has a number.
   */
  latency(t: T, own: number | undefined): number | undefined {
    const f = this.#fleet.get(t);
    const o = this.#own.get(t);
    let mine = o?.unpublished ?? 0;
    for (const n of o?.published.values() ?? []) mine += n;
    if (own === undefined) mine = 0;
    const samples = (f?.samples ?? 0) + mine;
    if (samples === 0) return own;
    return ((f?.sum ?? 0) / 1000 + (own ?? 0) * mine) / samples;
  }

  /** Publishes and reads in the background, at most once per slot. */
  refresh(targets: readonly T[], ewma: (t: T) => number | undefined): void {
    const slot = Math.floor(this.now() / SLOT_MS);
    if (this.#reading || slot === this.#slot) return;
    this.#reading = true;
    this.#slot = slot;
    const list = [...targets];
    this.#publish(list, slot, ewma);
    this.#pending = this.#read(list, slot)
      .catch(() => undefined)
      .finally(() => {
        this.#reading = false;
      });
  }

  /** Resolves once the running read landed (tests). */
  settled(): Promise<void> {
    return this.#pending;
  }

  #publish(targets: T[], slot: number, ewma: (t: T) => number | undefined): void {
    const ttl = (SLOTS + 2) * SLOT_MS;
    for (const t of targets) {
      const own = this.#ownOf(t);
      // Slots this old have expired in the store: a read that never lands must not grow this.
      for (const s of own.published.keys()) if (s < slot - SLOTS - 2) own.published.delete(s);
      const value = ewma(t);
      if (own.unpublished === 0 || value === undefined) continue;
      const n = own.unpublished;
      own.unpublished = 0;
      own.published.set(slot, (own.published.get(slot) ?? 0) + n);
      const key = this.#key(t, slot);
      this.store.add(`${key}:v`, Math.round(value * 1000) * n, ttl).catch(() => undefined);
      this.store.add(`${key}:w`, n, ttl).catch(() => undefined);
    }
  }

  async #read(targets: T[], slot: number): Promise<void> {
    const keys: string[] = [];
    for (const t of targets)
      for (let s = slot - SLOTS; s < slot; s++) keys.push(`${this.#key(t, s)}:v`, `${this.#key(t, s)}:w`);
    const values = await this.store.getMany(keys);
    for (const [i, t] of targets.entries()) {
      let sum = 0;
      let samples = 0;
      for (let j = 0; j < SLOTS; j++) {
        sum += values[(i * SLOTS + j) * 2]!;
        samples += values[(i * SLOTS + j) * 2 + 1]!;
      }
      this.#fleet.set(t, { sum, samples });
      // Slots before `slot` are in the fleet's numbers now, this node's share among them.
      const own = this.#ownOf(t);
      for (const s of own.published.keys()) if (s < slot) own.published.delete(s);
    }
  }

  #ownOf(t: T): Own {
    let o = this.#own.get(t);
    if (o === undefined) {
      o = { unpublished: 0, published: new Map() };
      this.#own.set(t, o);
    }
    return o;
  }

  #key(t: T, slot: number): string {
    let id = this.#ids.get(t);
    if (id === undefined) {
      id = t.id ?? `#${this.#ids.size + 1}`;
      this.#ids.set(t, id);
    }
    return `${this.#tag}${id}:${this.strategy}:${slot}`;
  }
}

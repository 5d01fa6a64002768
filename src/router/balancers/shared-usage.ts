/**
 * Fleet-wide usage windows for `lowest-usage` with `shared: true`. A decision never waits on the
 * store: each node adds its own use to the window counter (fire and forget) and reads the
 * fleet's counts in the background at most once per `refresh` interval; between reads, its own
 * adds are counted on top of the last read. An unreachable store leaves the node on its own
 * numbers (the next read tries again).
 */
import type { CounterStore } from "../../state/types.js";
import type { WeightedTarget } from "./balancer.js";
import type { UsageWindow } from "./usage-window.js";

interface Settings {
  usage_strategy: string;
  window_ms: number;
}

export class SharedUsage<T extends WeightedTarget & object> {
  readonly #tag: string;
  readonly #refreshMs: number;
  readonly #ids = new Map<T, string>();
  #readAt = Number.NEGATIVE_INFINITY;
  #reading = false;
  /** Each target's own adds since the running read started, re-added when it lands. */
  readonly #sinceRead = new Map<T, number>();

  constructor(
    private readonly store: CounterStore,
    scope: string,
    private readonly settings: Settings,
    private readonly window: (t: T) => UsageWindow,
    private readonly now: () => number,
  ) {
    // why: one hash tag per model keeps every key of a getMany in one Redis Cluster slot.
    this.#tag = `{lu:${scope.replace(/[{}]/g, "_")}}`;
    this.#refreshMs = Math.min(1000, settings.window_ms / 10);
  }

  key(t: T, index: number): string {
    return `${this.#tag}${this.#id(t)}:${this.settings.usage_strategy}:${index}`;
  }

  add(t: T, amount: number, at: number): void {
    if (amount <= 0) return;
    const index = this.window(t).indexAt(at);
    if (this.#reading) this.#sinceRead.set(t, (this.#sinceRead.get(t) ?? 0) + amount);
    this.store.add(this.key(t, index), amount, this.settings.window_ms * 2).catch(() => undefined);
  }

  /** Starts a background read of `targets`' windows when the last one is old enough. */
  refresh(targets: readonly T[], at: number): void {
    if (this.#reading || at - this.#readAt < this.#refreshMs) return;
    this.#reading = true;
    this.#readAt = at;
    this.#sinceRead.clear();
    const list = [...targets];
    void this.#read(list, this.window(list[0]!).indexAt(at)).finally(() => {
      this.#reading = false;
    });
  }

  async #read(targets: T[], index: number): Promise<void> {
    const keys = targets.flatMap((t) => [this.key(t, index), this.key(t, index - 1)]);
    let values: number[];
    try {
      values = await this.store.getMany(keys);
    } catch {
      return;
    }
    if (this.window(targets[0]!).indexAt(this.now()) !== index) return;
    for (const [i, t] of targets.entries()) {
      const own = this.#sinceRead.get(t) ?? 0;
      this.window(t).set(index, values[2 * i]! + own, values[2 * i + 1]!);
    }
  }

  #id(t: T): string {
    let id = this.#ids.get(t);
    if (id === undefined) {
      id = t.id ?? `#${this.#ids.size + 1}`;
      this.#ids.set(t, id);
    }
    return id;
  }
}

/**
 * The gateway's two stores, opened on first use: a config that never needs records (no stored
 * responses, no managed keys, no budgets) never creates a database file or connects to Redis.
 * Each store is opened once; a failed open is retried by the next caller rather than cached, so a
 * database that comes back is picked up without a restart.
 */

import type { StorageConfig } from "./config.js";
import { type OpenOptions, openCounterStore, openRecordStore } from "./index.js";
import { PURGE_EVERY_MS, purgeEvery } from "./purge-timer.js";
import type { CounterStore, RecordStore } from "./types.js";

export class Storage {
  #records: Promise<RecordStore> | undefined;
  #counters: Promise<CounterStore> | undefined;
  #closed = false;
  #stopPurge: (() => void) | undefined;

  constructor(
    readonly config: StorageConfig,
    private readonly options: OpenOptions = {},
  ) {}

  records(): Promise<RecordStore> {
    this.#records ??= this.#open(openRecordStore(this.config.records, this.options), () => {
      this.#records = undefined;
    }).then((store) => {
      // why: reads hide expired documents, but nothing else deletes them.
      if (!this.#closed) this.#stopPurge ??= purgeEvery(store, PURGE_EVERY_MS, this.options.onError);
      return store;
    });
    return this.#records;
  }

  counters(): Promise<CounterStore> {
    this.#counters ??= this.#open(openCounterStore(this.config.counters, this.options), () => {
      this.#counters = undefined;
    });
    return this.#counters;
  }

  /**
   * The counter store as a plain CounterStore that opens the real one on its first call, for
   * parts built synchronously at start or reload (balancers that share fleet stats).
   */
  lazyCounters(): CounterStore {
    const c = () => this.counters();
    return {
      backend: this.config.counters.backend,
      add: async (key, delta, ttlMs) => (await c()).add(key, delta, ttlMs),
      get: async (key) => (await c()).get(key),
      getMany: async (keys) => (await c()).getMany(keys),
      reserve: async (request) => (await c()).reserve(request),
      settle: async (hold, actual) => (await c()).settle(hold, actual),
      release: async (hold) => (await c()).release(hold),
      // The gateway closes the real store through `close()` below.
      close: async () => undefined,
    };
  }

  /** Whether a store was opened (or is opening). */
  get opened(): { records: boolean; counters: boolean } {
    return { records: this.#records !== undefined, counters: this.#counters !== undefined };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopPurge?.();
    const open = [this.#records, this.#counters].filter((p) => p !== undefined);
    this.#records = this.#counters = undefined;
    for (const p of open) await p.then((s) => s.close()).catch(() => undefined);
  }

  #open<T>(p: Promise<T>, forget: () => void): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("storage is closed"));
    return p.catch((err: unknown) => {
      forget();
      throw err;
    });
  }
}

/**
 * In-process CounterStore: the single-node default. Same semantics as the Redis backend (the
 * shared contract suite runs against both), with expiry checked on every read and a background
 * sweep so that expired counters and old hold records do not pile up.
 */

import {
  checkActual,
  checkHold,
  checkInt,
  checkKey,
  checkReserve,
  checkTtl,
  DEFAULT_HOLD_RETENTION_MS,
  taggedKey,
} from "../counter-input.js";
import type { CounterStore, HoldRef, ReserveRequest, ReserveResult, SettleResult } from "../counter-types.js";
import { StateInputError, StateUnavailableError } from "../errors.js";
import { type HoldRecord, heldTotals, overLimit, type TagHolds } from "./holds.js";

export interface MemoryCounterStoreOptions {
  /** Default `DEFAULT_HOLD_RETENTION_MS`. */
  holdRetentionMs?: number;
  /** How often expired entries are swept (default 30 s). */
  sweepMs?: number;
}

interface Counter {
  value: number;
  expiresAt: number | null;
}

/** A CounterStore held in this process's memory; nothing is shared with other processes. */
export class MemoryCounterStore implements CounterStore {
  readonly backend = "memory";
  private readonly counters = new Map<string, Counter>();
  private readonly holds = new Map<string, TagHolds>();
  private readonly retentionMs: number;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(options: MemoryCounterStoreOptions = {}) {
    this.retentionMs = options.holdRetentionMs ?? DEFAULT_HOLD_RETENTION_MS;
    this.sweeper = setInterval(() => this.sweep(Date.now()), options.sweepMs ?? 30_000);
    // why: the sweep is housekeeping; it must never keep a process alive on its own.
    this.sweeper.unref();
  }

  async add(key: string, delta: number, ttlMs: number): Promise<number> {
    this.ensureOpen();
    checkKey(key);
    checkInt(delta, "delta", -Number.MAX_SAFE_INTEGER);
    checkTtl(ttlMs, "ttlMs");
    const now = Date.now();
    const counter = this.live(key, now) ?? this.create(key, now + ttlMs);
    counter.value += delta;
    return counter.value;
  }

  async get(key: string): Promise<number> {
    this.ensureOpen();
    checkKey(key);
    return this.live(key, Date.now())?.value ?? 0;
  }

  async getMany(keys: string[]): Promise<number[]> {
    this.ensureOpen();
    if (!Array.isArray(keys)) throw new StateInputError("keys must be an array");
    const now = Date.now();
    return keys.map((key) => this.live(checkKey(key), now)?.value ?? 0);
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    this.ensureOpen();
    const { id, tag, ttlMs, items } = checkReserve(request);
    const now = Date.now();
    const tagHolds = this.tagHolds(tag);
    const existing = this.record(tagHolds, id, now);
    if (existing) {
      if (existing.state === "held" && existing.expiresAt > now)
        return { ok: true, expiresAt: existing.expiresAt };
      throw new StateInputError(`hold id "${id}" was already used`);
    }
    const held = heldTotals(tagHolds, now);
    const exceeded = overLimit(items, tag, held, (full) => this.live(full, now));
    if (exceeded.length > 0) return { ok: false, exceeded };
    for (const item of items) {
      const full = taggedKey(tag, item.key);
      if (item.windowTtlMs !== undefined && !this.live(full, now)) this.create(full, now + item.windowTtlMs);
    }
    const expiresAt = now + ttlMs;
    tagHolds.set(id, {
      state: "held",
      expiresAt,
      purgeAt: expiresAt + this.retentionMs,
      items: items.map((i) => ({ key: taggedKey(tag, i.key), amount: i.amount, windowTtlMs: i.windowTtlMs })),
    });
    return { ok: true, expiresAt };
  }

  async settle(hold: HoldRef, actual: Record<string, number>): Promise<SettleResult> {
    this.ensureOpen();
    const { id, tag } = checkHold(hold);
    const entries = checkActual(actual);
    const now = Date.now();
    const rec = this.record(this.tagHolds(tag), id, now);
    if (!rec) return { status: "unknown" };
    if (rec.state === "settled") return { status: "duplicate" };
    if (rec.state === "released") return { status: "released" };
    const byKey = new Map(rec.items.map((item) => [item.key, item]));
    for (const [key] of entries) {
      if (!byKey.has(taggedKey(tag, key))) throw new StateInputError(`"${key}" was not part of hold "${id}"`);
    }
    for (const [key, amount] of entries) {
      if (amount === 0) continue;
      const full = taggedKey(tag, key);
      const window = byKey.get(full)?.windowTtlMs;
      const counter = this.live(full, now) ?? this.create(full, window === undefined ? null : now + window);
      counter.value += amount;
    }
    const lapsed = rec.expiresAt <= now;
    rec.state = "settled";
    rec.purgeAt = now + this.retentionMs;
    return { status: "settled", lapsed };
  }

  async release(hold: HoldRef): Promise<boolean> {
    this.ensureOpen();
    const { id, tag } = checkHold(hold);
    const now = Date.now();
    const rec = this.record(this.tagHolds(tag), id, now);
    if (!rec || rec.state !== "held") return false;
    rec.state = "released";
    rec.purgeAt = now + this.retentionMs;
    return rec.expiresAt > now;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.counters.clear();
    this.holds.clear();
  }

  private ensureOpen(): void {
    if (this.closed) throw new StateUnavailableError("memory", "the store is closed");
  }

  private live(key: string, now: number): Counter | undefined {
    const counter = this.counters.get(key);
    if (counter && counter.expiresAt !== null && counter.expiresAt <= now) {
      this.counters.delete(key);
      return undefined;
    }
    return counter;
  }

  private create(key: string, expiresAt: number | null): Counter {
    const counter = { value: 0, expiresAt };
    this.counters.set(key, counter);
    return counter;
  }

  private tagHolds(tag: string): TagHolds {
    let holds = this.holds.get(tag);
    if (!holds) {
      holds = new Map();
      this.holds.set(tag, holds);
    }
    return holds;
  }

  /** The hold record, unless it has aged past its retention. */
  private record(holds: TagHolds, id: string, now: number): HoldRecord | undefined {
    const rec = holds.get(id);
    if (rec && rec.purgeAt <= now) {
      holds.delete(id);
      return undefined;
    }
    return rec;
  }

  private sweep(now: number): void {
    for (const key of this.counters.keys()) this.live(key, now);
    for (const [tag, holds] of this.holds) {
      for (const id of holds.keys()) this.record(holds, id, now);
      if (holds.size === 0) this.holds.delete(tag);
    }
  }
}

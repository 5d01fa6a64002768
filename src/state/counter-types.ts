/**
 * The CounterStore contract: atomic counters with expiry, and reserve/settle holds for budgets
 * and token limits. Every backend (memory, redis) passes the same suite,
 * `counter-store.contract.ts`; docs/state.md explains the semantics at length.
 *
 * All amounts are safe integers (count tokens, requests, or micro-dollars): integer arithmetic is
 * exact in every backend, where float sums would drift.
 */

/** One limit checked by a reservation. */
export interface ReserveItem {
  /** The counter, within the reservation's tag. Read it later as `get("{" + tag + "}" + key)`. */
  key: string;
  /** What this request may use (an estimate, settled later). */
  amount: number;
  /** The most that settled use plus active holds may reach. */
  limit: number;
  /**
   * When set, the counter is a fixed window: it is created with this lifetime on the first
   * admitted reservation (the caller puts the window start in `key`) and resets when it expires.
   */
  windowTtlMs?: number;
}

/** Names a hold: the caller's id (a request id) and the hash tag all its keys live under. */
export interface HoldRef {
  id: string;
  /**
   * Every key of one reservation lives under this tag (a tenant, a key name): on Redis the
   * stored keys are `prefix + "{" + tag + "}" + key`, so they share one Redis Cluster hash slot.
   * Must not contain `{` or `}`.
   */
  tag: string;
}

/** A request to hold `amount` on every item at once, or on none. */
export interface ReserveRequest extends HoldRef {
  /** The hold lapses on its own after this long (a node that dies mid-request leaks nothing). */
  ttlMs: number;
  items: ReserveItem[];
}

/** An item that would go over its limit. */
export interface ExceededItem {
  key: string;
  limit: number;
  /** The amount asked for. */
  amount: number;
  /** Settled use so far. */
  used: number;
  /** Active holds of other reservations. */
  held: number;
  /** For a window counter that exists: when it resets (ms since epoch). */
  resetsAt?: number;
}

/** Either every item got a hold, or none did and `exceeded` says why. */
export type ReserveResult = { ok: true; expiresAt: number } | { ok: false; exceeded: ExceededItem[] };

/**
 * What a settle did. `settled`: the actual amounts were charged now (`lapsed` when the hold had
 * already expired: the use is still charged, it just no longer counted as held). `duplicate`:
 * settled before, nothing charged again. `released`: the hold was released, nothing charged.
 * `unknown`: no such hold (never reserved, or its record aged out), nothing charged.
 */
export type SettleResult =
  | { status: "settled"; lapsed: boolean }
  | { status: "duplicate" }
  | { status: "released" }
  | { status: "unknown" };

/** Atomic counters with expiry, plus all-or-nothing holds across several counters. */
export interface CounterStore {
  /** `memory` or `redis`. */
  readonly backend: string;
  /**
   * Adds `delta` (may be negative) and returns the new value. A counter that does not exist is
   * created at 0 with a lifetime of `ttlMs`; later adds do not extend it (fixed windows).
   */
  add(key: string, delta: number, ttlMs: number): Promise<number>;
  /** The counter's value, 0 when it does not exist or has expired. */
  get(key: string): Promise<number>;
  /** Values in the order of `keys`. On Redis Cluster, all keys must share a `{hash tag}`. */
  getMany(keys: string[]): Promise<number[]>;
  /**
   * Checks every item (settled use + active holds + amount ≤ limit) and holds all or none.
   * Repeating a reservation whose hold is still active returns the same hold; reusing an id
   * that was settled, released or lapsed is a `StateInputError`.
   */
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /**
   * Replaces the hold by the actual amounts (more or less than reserved; keys of the hold left
   * out are charged 0) and releases the rest. Idempotent: a second settle never charges again.
   * A key that was not part of the hold is a `StateInputError`.
   */
  settle(hold: HoldRef, actual: Record<string, number>): Promise<SettleResult>;
  /** Drops the hold without charging; true when an active hold was dropped. */
  release(hold: HoldRef): Promise<boolean>;
  /** Releases connections and timers; later calls reject with `StateUnavailableError`. */
  close(): Promise<void>;
}

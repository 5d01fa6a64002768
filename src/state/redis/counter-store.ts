/**
 * Redis CounterStore (ioredis): shared counters and holds for a fleet of gateway nodes. Every
 * call is one command or one Lua script (scripts.ts), so one round trip and atomic; key layout
 * and the Redis Cluster hash-tag rule are in keys.ts.
 *
 * Unreachable Redis: commands wait at most `commandTimeoutMs` (also while reconnecting: the
 * offline queue is bounded by that timeout and by one reconnect attempt), then reject with
 * StateUnavailableError. The client keeps reconnecting in the background.
 */
import { Redis } from "ioredis";
import {
  checkActual,
  checkHold,
  checkInt,
  checkKey,
  checkReserve,
  checkTtl,
  DEFAULT_HOLD_RETENTION_MS,
} from "../counter-input.js";
import type { CounterStore, HoldRef, ReserveRequest, ReserveResult, SettleResult } from "../counter-types.js";
import { StateInputError, StateUnavailableError } from "../errors.js";
import { checkPrefix, counterKey, DEFAULT_PREFIX, holdKeys, reserveKeys } from "./keys.js";
import { toExceeded, toSettleResult } from "./replies.js";
import { ADD_SCRIPT, RELEASE_SCRIPT, RESERVE_SCRIPT, SETTLE_SCRIPT } from "./scripts.js";

export interface RedisCounterStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string;
  /** Prepended to every key (no braces). Default `tollgate:`. */
  prefix?: string;
  /** Default 1000. */
  connectTimeoutMs?: number;
  /** Longest a call waits for its reply, queueing included. Default 1000. */
  commandTimeoutMs?: number;
  /** Default 24 h: how long finished holds are remembered, for idempotent settles. */
  holdRetentionMs?: number;
  /** Connection errors (the client reconnects on its own); they never carry the password. */
  onError?: (error: Error) => void;
}

type Arg = string | number;
interface ScriptCommands {
  tgAdd(key: string, delta: Arg, ttlMs: Arg): Promise<number>;
  tgReserve(numKeys: number, ...args: Arg[]): Promise<unknown[]>;
  tgSettle(numKeys: number, ...args: Arg[]): Promise<unknown[]>;
  tgRelease(numKeys: number, ...args: Arg[]): Promise<number>;
}

/** A CounterStore on one Redis (or a Redis Cluster node set behind one endpoint). */
export class RedisCounterStore implements CounterStore {
  readonly backend = "redis";
  private readonly client: Redis & ScriptCommands;
  private readonly prefix: string;
  private readonly retentionMs: number;
  private closed = false;

  constructor(options: RedisCounterStoreOptions) {
    this.prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
    this.retentionMs = options.holdRetentionMs ?? DEFAULT_HOLD_RETENTION_MS;
    const client = new Redis(options.url, {
      connectTimeout: options.connectTimeoutMs ?? 1000,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    // why: without a listener ioredis reports every failed reconnect as an unhandled error event.
    client.on("error", (error: Error) => options.onError?.(error));
    client.defineCommand("tgAdd", { numberOfKeys: 1, lua: ADD_SCRIPT });
    client.defineCommand("tgReserve", { lua: RESERVE_SCRIPT });
    client.defineCommand("tgSettle", { lua: SETTLE_SCRIPT });
    client.defineCommand("tgRelease", { lua: RELEASE_SCRIPT });
    this.client = client as Redis & ScriptCommands;
  }

  async add(key: string, delta: number, ttlMs: number): Promise<number> {
    checkKey(key);
    checkInt(delta, "delta", -Number.MAX_SAFE_INTEGER);
    checkTtl(ttlMs, "ttlMs");
    return this.call(() => this.client.tgAdd(this.prefix + key, String(delta), String(ttlMs)));
  }

  async get(key: string): Promise<number> {
    checkKey(key);
    const value = await this.call(() => this.client.get(this.prefix + key));
    return value === null ? 0 : Number(value);
  }

  async getMany(keys: string[]): Promise<number[]> {
    if (!Array.isArray(keys)) throw new StateInputError("keys must be an array");
    if (keys.length === 0) return [];
    const full = keys.map((k) => this.prefix + checkKey(k));
    const values = await this.call(() => this.client.mget(full));
    return values.map((v) => (v === null ? 0 : Number(v)));
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const { id, tag, ttlMs, items } = checkReserve(request);
    const keys = reserveKeys(
      this.prefix,
      tag,
      items.map((i) => i.key),
    );
    const args: Arg[] = [id, ttlMs, this.retentionMs];
    for (const i of items) args.push(i.amount, i.limit, i.windowTtlMs ?? 0);
    const reply = await this.call(() => this.client.tgReserve(keys.length, ...keys, ...args));
    if (reply[0] === 2) throw new StateInputError(`hold id "${id}" was already used`);
    if (reply[0] === 1) return { ok: true, expiresAt: Number(reply[1]) };
    return { ok: false, exceeded: toExceeded(reply[1], items) };
  }

  async settle(hold: HoldRef, actual: Record<string, number>): Promise<SettleResult> {
    const { id, tag } = checkHold(hold);
    const entries = checkActual(actual);
    const keys = [...holdKeys(this.prefix, tag), ...entries.map(([k]) => counterKey(this.prefix, tag, k))];
    const args: Arg[] = [id, this.retentionMs, ...entries.map(([, amount]) => amount)];
    const reply = await this.call(() => this.client.tgSettle(keys.length, ...keys, ...args));
    return toSettleResult(reply, id, entries);
  }

  async release(hold: HoldRef): Promise<boolean> {
    const { id, tag } = checkHold(hold);
    const keys = holdKeys(this.prefix, tag);
    const reply = await this.call(() => this.client.tgRelease(keys.length, ...keys, id, this.retentionMs));
    return reply === 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.status === "ready") {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
  }

  /** Runs one command, turning every transport failure into StateUnavailableError. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StateUnavailableError("redis", "the store is closed");
    try {
      return await run();
    } catch (error) {
      throw new StateUnavailableError("redis", error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  }
}

/**
 * Argument checks shared by every CounterStore backend, so that memory and Redis refuse exactly
 * the same calls (code tested against memory must not start failing on Redis).
 */
import type { HoldRef, ReserveRequest } from "./counter-types.js";
import { StateInputError } from "./errors.js";

/** Longest key, tag or hold id accepted. */
export const MAX_NAME_LENGTH = 512;
/** Most items in one reservation (each is a key in one Redis script call). */
export const MAX_RESERVE_ITEMS = 64;
/** Longest hold or counter lifetime: 400 days, enough for a yearly window. */
export const MAX_TTL_MS = 400 * 24 * 3600 * 1000;

/** How long a settled, released or lapsed hold is remembered, so a late settle stays idempotent. */
export const DEFAULT_HOLD_RETENTION_MS = 24 * 3600 * 1000;

/** A counter key: non-empty, bounded, and not starting with `~` (reserved for hold bookkeeping). */
export function checkKey(key: unknown, what = "key"): string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_NAME_LENGTH) {
    throw new StateInputError(`${what} must be a string of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  if (key.startsWith("~")) throw new StateInputError(`${what} must not start with "~" (reserved)`);
  return key;
}

/** A safe integer in [min, max]. */
export function checkInt(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new StateInputError(`${what} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** A lifetime in ms: 1 ms to MAX_TTL_MS. */
export function checkTtl(value: unknown, what: string): number {
  return checkInt(value, what, 1, MAX_TTL_MS);
}

/** A hash tag: non-empty, without braces (a brace would move the Redis Cluster slot). */
export function checkHold(hold: HoldRef): HoldRef {
  if (hold === null || typeof hold !== "object") throw new StateInputError("hold must be { id, tag }");
  if (typeof hold.id !== "string" || hold.id.length === 0 || hold.id.length > MAX_NAME_LENGTH) {
    throw new StateInputError(`hold id must be a string of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  if (typeof hold.tag !== "string" || hold.tag.length === 0 || hold.tag.length > MAX_NAME_LENGTH) {
    throw new StateInputError(`hold tag must be a string of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  if (/[{}]/.test(hold.tag)) throw new StateInputError(`hold tag must not contain "{" or "}"`);
  return hold;
}

/** Checks a whole reservation: ids, lifetimes, amounts, limits, and that no key repeats. */
export function checkReserve(request: ReserveRequest): ReserveRequest {
  checkHold(request);
  checkTtl(request.ttlMs, "ttlMs");
  const items = request.items;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_RESERVE_ITEMS) {
    throw new StateInputError(`items must hold 1 to ${MAX_RESERVE_ITEMS} entries`);
  }
  const seen = new Set<string>();
  items.forEach((item, i) => {
    checkKey(item?.key, `items[${i}].key`);
    if (seen.has(item.key)) throw new StateInputError(`items[${i}].key "${item.key}" appears twice`);
    seen.add(item.key);
    checkInt(item.amount, `items[${i}].amount`, 0);
    checkInt(item.limit, `items[${i}].limit`, 0);
    if (item.windowTtlMs !== undefined) checkTtl(item.windowTtlMs, `items[${i}].windowTtlMs`);
  });
  return request;
}

/** Checks settle amounts: keys as for counters, amounts non-negative integers. */
export function checkActual(actual: Record<string, number>): [string, number][] {
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
    throw new StateInputError("actual must be an object of key → amount");
  }
  const entries = Object.entries(actual);
  if (entries.length > MAX_RESERVE_ITEMS)
    throw new StateInputError(`actual has more than ${MAX_RESERVE_ITEMS} keys`);
  for (const [key, amount] of entries) {
    checkKey(key, "actual key");
    checkInt(amount, `actual["${key}"]`, 0);
  }
  return entries;
}

/** The key a reservation item is stored under (before any backend prefix). */
export function taggedKey(tag: string, key: string): string {
  return `{${tag}}${key}`;
}

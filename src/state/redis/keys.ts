/**
 * Redis key layout. Redis Cluster puts a key in the slot of its first `{…}` section, and one
 * script call may only touch keys of one slot. So the prefix may not contain braces, counter keys
 * of a reservation are `prefix + "{tag}" + key`, and the hold bookkeeping of a tag is
 * `prefix + "~name{tag}"`: every key one reserve/settle/release call touches shares `{tag}`.
 * Caller keys cannot start with `~` (counter-input.ts), so bookkeeping never collides with them.
 */
import { taggedKey } from "../counter-input.js";
import { StateInputError } from "../errors.js";

/** The default prefix, so several applications can share one Redis. */
export const DEFAULT_PREFIX = "tollgate:";

/** Checks a key prefix: braces would decide the hash slot instead of the tag. */
export function checkPrefix(prefix: string): string {
  if (/[{}]/.test(prefix)) throw new StateInputError(`redis prefix must not contain "{" or "}"`);
  return prefix;
}

/**
 * The four bookkeeping keys of a tag, in the order the scripts expect them as KEYS[1..4]:
 * active holds (zset id → expiry), hold records (hash id → JSON), held totals (hash key → sum),
 * and record retention (zset id → when the record may be forgotten).
 */
export function holdKeys(prefix: string, tag: string): [string, string, string, string] {
  return [
    `${prefix}~holds{${tag}}`,
    `${prefix}~recs{${tag}}`,
    `${prefix}~held{${tag}}`,
    `${prefix}~gc{${tag}}`,
  ];
}

/** The stored key of a reservation counter. */
export function counterKey(prefix: string, tag: string, key: string): string {
  return prefix + taggedKey(tag, key);
}

/** Every key one reserve call passes to its script: bookkeeping first, then each item's counter. */
export function reserveKeys(prefix: string, tag: string, itemKeys: string[]): string[] {
  return [...holdKeys(prefix, tag), ...itemKeys.map((k) => counterKey(prefix, tag, k))];
}

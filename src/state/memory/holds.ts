/** Hold bookkeeping for the memory CounterStore: records, active totals, the limit check. */

import { taggedKey } from "../counter-input.js";
import type { ExceededItem, ReserveItem } from "../counter-types.js";

/** One reservation as remembered; `held` with `expiresAt` in the past means it lapsed. */
export interface HoldRecord {
  state: "held" | "settled" | "released";
  expiresAt: number;
  /** When the record may be forgotten (a settle after that is `unknown`). */
  purgeAt: number;
  items: { key: string; amount: number; windowTtlMs: number | undefined }[];
}

/** Hold records of one tag, by hold id. */
export type TagHolds = Map<string, HoldRecord>;

/**
 * Sum of active holds per tagged key. Recomputed per call: it is linear in the tag's active
 * holds (requests in flight for one tenant), which stays small on one node, and it cannot drift.
 */
export function heldTotals(holds: TagHolds, now: number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const rec of holds.values()) {
    if (rec.state !== "held" || rec.expiresAt <= now) continue;
    for (const item of rec.items) totals.set(item.key, (totals.get(item.key) ?? 0) + item.amount);
  }
  return totals;
}

/** The items that would go over their limit, with what counts against it. */
export function overLimit(
  items: ReserveItem[],
  tag: string,
  held: Map<string, number>,
  counter: (taggedKey: string) => { value: number; expiresAt: number | null } | undefined,
): ExceededItem[] {
  const exceeded: ExceededItem[] = [];
  for (const item of items) {
    const full = taggedKey(tag, item.key);
    const current = counter(full);
    const used = current?.value ?? 0;
    const h = held.get(full) ?? 0;
    if (used + h + item.amount <= item.limit) continue;
    const over: ExceededItem = { key: item.key, limit: item.limit, amount: item.amount, used, held: h };
    if (item.windowTtlMs !== undefined && current?.expiresAt != null) over.resetsAt = current.expiresAt;
    exceeded.push(over);
  }
  return exceeded;
}

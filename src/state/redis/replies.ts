/** Turns the Redis scripts' array replies into the CounterStore result types. */
import type { ExceededItem, ReserveItem, SettleResult } from "../counter-types.js";
import { StateInputError, StateUnavailableError } from "../errors.js";

/** `{{itemIndex, used, held, resetsAt or -1}, …}` → exceeded items, named by the caller's keys. */
export function toExceeded(reply: unknown, items: ReserveItem[]): ExceededItem[] {
  if (!Array.isArray(reply)) throw new StateUnavailableError("redis", "unexpected reserve reply");
  return reply.map((row: unknown[]) => {
    const item = items[Number(row[0]) - 1];
    if (!item) throw new StateUnavailableError("redis", "unexpected reserve reply");
    const over: ExceededItem = {
      key: item.key,
      limit: item.limit,
      amount: item.amount,
      used: Number(row[1]),
      held: Number(row[2]),
    };
    const resetsAt = Number(row[3]);
    if (resetsAt >= 0) over.resetsAt = resetsAt;
    return over;
  });
}

/** `{status, lapsed}` or `{'badkey', index}` → a SettleResult (or the input error). */
export function toSettleResult(reply: unknown[], id: string, entries: [string, number][]): SettleResult {
  const [status, extra] = reply;
  switch (status) {
    case "settled":
      return { status: "settled", lapsed: extra === 1 };
    case "duplicate":
    case "released":
    case "unknown":
      return { status };
    case "badkey": {
      const key = entries[Number(extra) - 1]?.[0];
      throw new StateInputError(`"${key}" was not part of hold "${id}"`);
    }
    default:
      throw new StateUnavailableError("redis", "unexpected settle reply");
  }
}

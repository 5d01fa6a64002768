/** Record → JSON object with every field present (unknown → null), in column order. */
import { fieldValue, RECORD_FIELDS, type UsageRecord } from "../record.js";

/** A plain object holding every record field; `undefined` becomes null. */
export function toJsonObject(record: UsageRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of RECORD_FIELDS) out[field] = fieldValue(record, field);
  return out;
}

/** One JSON line (with the trailing newline). A record that cannot be serialized yields null. */
export function toJsonLine(record: UsageRecord): string | null {
  try {
    return JSON.stringify(toJsonObject(record)) + "\n";
  } catch {
    // why: a payload with a cycle or a BigInt must not take the sink down; it counts as failed.
    return null;
  }
}

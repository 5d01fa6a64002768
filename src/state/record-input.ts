/**
 * Argument checks and encodings shared by every RecordStore backend: names, documents, the list
 * cursor and ledger rows. Both backends refuse exactly the same calls.
 */
import { StateInputError } from "./errors.js";
import type { DocumentPage, LedgerRow, StoredDocument } from "./record-types.js";

const MAX_NAME = 512;
/** Largest document accepted, as JSON text (stored responses can be long; not unbounded). */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
export const MAX_LIST_LIMIT = 1000;

/** A kind, id or scope: a non-empty string of at most 512 characters. */
export function checkName(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_NAME) {
    throw new StateInputError(`${what} must be a string of 1 to ${MAX_NAME} characters`);
  }
  return value;
}

/** The stored scope: "" is the unscoped space (a real scope must be non-empty). */
export function scopeOf(options: { scope?: string } | undefined): string {
  return options?.scope === undefined ? "" : checkName(options.scope, "scope");
}

/** The document as JSON text; refuses what JSON cannot carry and oversized documents. */
export function encodeDocument(doc: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(doc);
  } catch (error) {
    throw new StateInputError(`document is not JSON-serialisable: ${(error as Error).message}`);
  }
  if (text === undefined) throw new StateInputError("document is not JSON-serialisable");
  // why: PostgreSQL's JSONB cannot hold U+0000; refusing it everywhere keeps the backends alike.
  if (/(?<!\\)(?:\\\\)*\\u0000/.test(text)) {
    throw new StateInputError("document must not contain the NUL character (U+0000)");
  }
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) {
    throw new StateInputError(`document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  return text;
}

/** A time in ms since the epoch (a safe non-negative integer). */
export function checkTime(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new StateInputError(`${what} must be a time in ms since the epoch, got ${String(value)}`);
  }
  return value;
}

export function checkLimit(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_LIST_LIMIT) {
    throw new StateInputError(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}`);
  }
  return value;
}

/** The list cursor: the last row's (created_at, id), opaque to callers. */
export function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

/** A page of documents; the cursor points after its last one when more rows followed. */
export function pageOf<T>(items: StoredDocument<T>[], more: boolean): DocumentPage<T> {
  const last = items.at(-1);
  return { items, next: more && last ? encodeCursor(last.createdAt, last.id) : null };
}

export function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === "string") {
      return [value[0] as number, value[1]];
    }
  } catch {
    // falls through to the error below
  }
  throw new StateInputError("after is not a cursor returned by list");
}

const DIMENSIONS = ["key", "consumer", "team", "tenant", "model", "provider", "workflow"] as const;
const MEASURES = [
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "reasoning_tokens",
  "total_tokens",
  "cost_usd",
] as const;

/** Ledger columns in table order. */
export const LEDGER_COLUMNS = ["ts", "request_id", ...DIMENSIONS, ...MEASURES] as const;
export const LEDGER_DIMENSIONS: readonly string[] = DIMENSIONS;
export const LEDGER_MEASURES = MEASURES;

/** A row's values in LEDGER_COLUMNS order, after checking every field. */
export function ledgerValues(row: LedgerRow, index: number): (string | number | null)[] {
  const at = `rows[${index}]`;
  if (row === null || typeof row !== "object") throw new StateInputError(`${at} must be an object`);
  const values: (string | number | null)[] = [
    checkTime(row.timestamp, `${at}.timestamp`),
    checkName(row.request_id, `${at}.request_id`),
  ];
  for (const d of DIMENSIONS) {
    const v = row[d];
    if (v !== null && v !== undefined && typeof v !== "string") {
      throw new StateInputError(`${at}.${d} must be a string or null`);
    }
    values.push(v ?? null);
  }
  for (const m of MEASURES) {
    const v = row[m];
    const ok =
      typeof v === "number" && Number.isFinite(v) && v >= 0 && (m === "cost_usd" || Number.isSafeInteger(v));
    if (!ok)
      throw new StateInputError(
        `${at}.${m} must be a non-negative ${m === "cost_usd" ? "number" : "integer"}`,
      );
    values.push(v);
  }
  return values;
}

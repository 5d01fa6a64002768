/** SQL text and argument building for the PostgreSQL RecordStore; every value is a bound parameter. */
import {
  checkLimit,
  checkName,
  checkTime,
  decodeCursor,
  encodeDocument,
  LEDGER_COLUMNS,
  pageOf,
  scopeOf,
} from "../record-input.js";
import type { DocumentPage, ListOptions, PutOptions, ScopeOption, StoredDocument } from "../record-types.js";

const COLUMNS = "kind, scope, id, doc, created_at, updated_at, expires_at";
const KEY = "kind = $1 AND scope = $2 AND id = $3";
const VISIBLE = (n: number) => `(expires_at IS NULL OR expires_at > $${n})`;
const LIST = `SELECT ${COLUMNS} FROM tollgate_documents WHERE kind = $1 AND scope = $2 AND ${VISIBLE(3)}`;

export const DOCUMENT_SQL = {
  // why: replacing keeps the creation time (list order) unless the old document had expired.
  put: `INSERT INTO tollgate_documents (${COLUMNS}) VALUES ($1, $2, $3, $4::jsonb, $5, $5, $6)
    ON CONFLICT (kind, scope, id) DO UPDATE SET doc = EXCLUDED.doc, updated_at = EXCLUDED.updated_at,
      expires_at = EXCLUDED.expires_at,
      created_at = CASE WHEN tollgate_documents.expires_at <= EXCLUDED.updated_at
        THEN EXCLUDED.created_at ELSE tollgate_documents.created_at END`,
  get: `SELECT ${COLUMNS} FROM tollgate_documents WHERE ${KEY} AND ${VISIBLE(4)}`,
  delete: `DELETE FROM tollgate_documents WHERE ${KEY} AND ${VISIBLE(4)}`,
  purge: "DELETE FROM tollgate_documents WHERE expires_at IS NOT NULL AND expires_at <= $1",
};

export function keyArgs(kind: string, id: string, options?: ScopeOption): [string, string, string] {
  return [checkName(kind, "kind"), scopeOf(options), checkName(id, "id")];
}

export function putArgs(kind: string, id: string, doc: unknown, options?: PutOptions): unknown[] {
  const key = keyArgs(kind, id, options);
  const expiresAt = options?.expiresAt === undefined ? null : checkTime(options.expiresAt, "expiresAt");
  return [...key, encodeDocument(doc), Date.now(), expiresAt];
}

/** One more row than the page size is read, to know whether there is a next page. */
export function listArgs(
  kind: string,
  options: ListOptions,
): { text: string; values: unknown[]; limit: number } {
  const limit = checkLimit(options?.limit);
  const head = [checkName(kind, "kind"), scopeOf(options), Date.now()];
  if (options.after === undefined) {
    return { text: `${LIST} ORDER BY created_at, id LIMIT $4`, values: [...head, limit + 1], limit };
  }
  const text = `${LIST} AND (created_at, id) > ($4, $5) ORDER BY created_at, id LIMIT $6`;
  return { text, values: [...head, ...decodeCursor(options.after), limit + 1], limit };
}

export function toStoredDocument<T>(row: Record<string, unknown>): StoredDocument<T> {
  return {
    kind: String(row.kind),
    id: String(row.id),
    scope: row.scope === "" ? null : String(row.scope),
    doc: row.doc as T,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  };
}

export function toPage<T>(rows: Record<string, unknown>[], limit: number): DocumentPage<T> {
  return pageOf(
    rows.slice(0, limit).map((r) => toStoredDocument<T>(r)),
    rows.length > limit,
  );
}

/** A multi-row INSERT that skips request ids already stored (replays are idempotent). */
export function ledgerInsert(rows: (string | number | null)[][]): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const base = params.length;
    params.push(...row);
    return `(${row.map((_, i) => `$${base + i + 1}`).join(", ")})`;
  });
  const columns = LEDGER_COLUMNS.map((c) => `"${c}"`).join(", ");
  return {
    text: `INSERT INTO tollgate_ledger (${columns}) VALUES ${tuples.join(", ")} ON CONFLICT (request_id) DO NOTHING`,
    params,
  };
}

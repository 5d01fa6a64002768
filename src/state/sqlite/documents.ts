/** The document statements of the SQLite RecordStore, prepared once, and their row mapping. */
import type Database from "better-sqlite3";
import {
  checkLimit,
  checkName,
  checkTime,
  decodeCursor,
  encodeDocument,
  pageOf,
  scopeOf,
} from "../record-input.js";
import type { DocumentPage, ListOptions, PutOptions, ScopeOption, StoredDocument } from "../record-types.js";

/** A `tollgate_documents` row as SQLite returns it. */
export interface DocumentRow {
  kind: string;
  scope: string;
  id: string;
  doc: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

const COLUMNS = "kind, scope, id, doc, created_at, updated_at, expires_at";
const VISIBLE = "(expires_at IS NULL OR expires_at > ?)";

export class DocumentStatements {
  readonly put: Database.Statement;
  readonly get: Database.Statement;
  readonly delete: Database.Statement;
  readonly purge: Database.Statement;
  private readonly first: Database.Statement;
  private readonly next: Database.Statement;

  constructor(db: Database.Database) {
    // why: replacing a document keeps its creation time (list order), unless the old one had
    // expired, in which case the new one is a new document.
    this.put = db.prepare(`INSERT INTO tollgate_documents (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (kind, scope, id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at,
        expires_at = excluded.expires_at,
        created_at = CASE WHEN tollgate_documents.expires_at <= excluded.updated_at
          THEN excluded.created_at ELSE tollgate_documents.created_at END`);
    this.get = db.prepare(`SELECT ${COLUMNS} FROM tollgate_documents
      WHERE kind = ? AND scope = ? AND id = ? AND ${VISIBLE}`);
    this.delete = db.prepare(
      `DELETE FROM tollgate_documents WHERE kind = ? AND scope = ? AND id = ? AND ${VISIBLE}`,
    );
    this.purge = db.prepare(
      "DELETE FROM tollgate_documents WHERE expires_at IS NOT NULL AND expires_at <= ?",
    );
    const list = `SELECT ${COLUMNS} FROM tollgate_documents WHERE kind = ? AND scope = ? AND ${VISIBLE}`;
    const page = "ORDER BY created_at, id LIMIT ?";
    this.first = db.prepare(`${list} ${page}`);
    this.next = db.prepare(`${list} AND (created_at, id) > (?, ?) ${page}`);
  }

  keyArgs(kind: string, id: string, options?: ScopeOption): [string, string, string] {
    return [checkName(kind, "kind"), scopeOf(options), checkName(id, "id")];
  }

  putArgs(kind: string, id: string, doc: unknown, options?: PutOptions): unknown[] {
    const key = this.keyArgs(kind, id, options);
    const expiresAt = options?.expiresAt === undefined ? null : checkTime(options.expiresAt, "expiresAt");
    const now = Date.now();
    return [...key, encodeDocument(doc), now, now, expiresAt];
  }

  /** One more row than the page size is read, to know whether there is a next page. */
  listQuery(
    kind: string,
    options: ListOptions,
  ): { statement: Database.Statement; args: unknown[]; limit: number } {
    const limit = checkLimit(options?.limit);
    const head = [checkName(kind, "kind"), scopeOf(options), Date.now()];
    if (options.after === undefined) return { statement: this.first, args: [...head, limit + 1], limit };
    return { statement: this.next, args: [...head, ...decodeCursor(options.after), limit + 1], limit };
  }

  toDocument<T>(row: DocumentRow): StoredDocument<T> {
    return {
      kind: row.kind,
      id: row.id,
      scope: row.scope === "" ? null : row.scope,
      doc: JSON.parse(row.doc) as T,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
    };
  }

  toPage<T>(rows: DocumentRow[], limit: number): DocumentPage<T> {
    return pageOf(
      rows.slice(0, limit).map((r) => this.toDocument<T>(r)),
      rows.length > limit,
    );
  }
}

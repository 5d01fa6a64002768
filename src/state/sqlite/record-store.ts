/**
 * SQLite RecordStore (better-sqlite3), the single-node default: one file in WAL mode, or
 * `:memory:`. Calls are synchronous better-sqlite3 statements wrapped in Promises, so each one
 * holds the event loop for its duration (microseconds for a document, longer for a large ledger
 * sum); moving them to a worker thread, as the usage-record sink does, is left for when a
 * measurement asks for it.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { messageOf, StateUnavailableError } from "../errors.js";
import { ledgerSumSql, toLedgerSum } from "../ledger-sql.js";
import type { Migration } from "../migrations/migration.js";
import { SQLITE_MIGRATIONS } from "../migrations/sqlite.js";
import { checkTime, LEDGER_COLUMNS, ledgerValues } from "../record-input.js";
import type {
  AppliedMigration,
  DocumentPage,
  LedgerRow,
  LedgerSum,
  LedgerSumQuery,
  ListOptions,
  PutOptions,
  RecordStore,
  ScopeOption,
  StoredDocument,
} from "../record-types.js";
import { type DocumentRow, DocumentStatements } from "./documents.js";
import { migrateSqlite } from "./migrate.js";

export interface SqliteRecordStoreOptions {
  /** A file path (its directory is created if missing) or `:memory:`. */
  path: string;
  /** The schema; tests pass their own list. */
  migrations?: readonly Migration[];
}

/** Opens (creating if needed) the database and applies pending migrations. */
export async function openSqliteRecordStore(options: SqliteRecordStoreOptions): Promise<RecordStore> {
  let db: Database.Database | undefined;
  try {
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    migrateSqlite(db, options.migrations ?? SQLITE_MIGRATIONS);
    return new SqliteRecordStore(db);
  } catch (error) {
    db?.close();
    throw new StateUnavailableError("sqlite", `cannot open ${options.path}: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

class SqliteRecordStore implements RecordStore {
  readonly backend = "sqlite";
  private readonly docs: DocumentStatements;
  private readonly insertLedger: Database.Statement;
  private closed = false;

  constructor(private readonly db: Database.Database) {
    this.docs = new DocumentStatements(db);
    const marks = LEDGER_COLUMNS.map(() => "?").join(", ");
    const columns = LEDGER_COLUMNS.map((c) => `"${c}"`).join(", ");
    this.insertLedger = db.prepare(
      `INSERT INTO tollgate_ledger (${columns}) VALUES (${marks}) ON CONFLICT (request_id) DO NOTHING`,
    );
  }

  async put(kind: string, id: string, doc: unknown, options?: PutOptions): Promise<void> {
    const args = this.docs.putArgs(kind, id, doc, options);
    this.run(() => this.docs.put.run(...args));
  }

  async get<T>(kind: string, id: string, options?: ScopeOption): Promise<StoredDocument<T> | null> {
    const args = this.docs.keyArgs(kind, id, options);
    const row = this.run(() => this.docs.get.get(...args, Date.now()) as DocumentRow | undefined);
    return row ? this.docs.toDocument<T>(row) : null;
  }

  async delete(kind: string, id: string, options?: ScopeOption): Promise<boolean> {
    const args = this.docs.keyArgs(kind, id, options);
    return this.run(() => this.docs.delete.run(...args, Date.now()).changes > 0);
  }

  async list<T>(kind: string, options: ListOptions): Promise<DocumentPage<T>> {
    const { statement, args, limit } = this.docs.listQuery(kind, options);
    const rows = this.run(() => statement.all(...args) as DocumentRow[]);
    return this.docs.toPage<T>(rows, limit);
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    const at = checkTime(now, "now");
    return this.run(() => this.docs.purge.run(at).changes);
  }

  async append(rows: LedgerRow[]): Promise<number> {
    const values = rows.map((row, i) => ledgerValues(row, i));
    const insertAll = this.db.transaction(() => {
      let added = 0;
      for (const v of values) added += this.insertLedger.run(...v).changes;
      return added;
    });
    return this.run(() => insertAll());
  }

  async sum(query: LedgerSumQuery): Promise<LedgerSum[]> {
    const { text, values } = ledgerSumSql(query, () => "?");
    const rows = this.run(() => this.db.prepare(text).all(...values) as Record<string, unknown>[]);
    return rows.map((row) => toLedgerSum(row, query));
  }

  async migrations(): Promise<AppliedMigration[]> {
    const rows = this.run(
      () =>
        this.db
          .prepare("SELECT version, name, applied_at FROM tollgate_migrations ORDER BY version")
          .all() as {
          version: number;
          name: string;
          applied_at: number;
        }[],
    );
    return rows.map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** Runs a statement; driver failures (busy, disk full, I/O) become StateUnavailableError. */
  private run<T>(statement: () => T): T {
    if (this.closed) throw new StateUnavailableError("sqlite", "the store is closed");
    try {
      return statement();
    } catch (error) {
      throw new StateUnavailableError("sqlite", messageOf(error), { cause: error });
    }
  }
}

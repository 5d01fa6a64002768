/**
 * PostgreSQL RecordStore (pg): a connection pool, parameterised queries only, documents as
 * JSONB. BIGINT and SUM results arrive as strings and are turned into numbers here (safe for
 * ms timestamps and token counts).
 */
import pg from "pg";
import { messageOf, StateInputError, StateUnavailableError } from "../errors.js";
import { ledgerSumSql, toLedgerSum } from "../ledger-sql.js";
import type { Migration } from "../migrations/migration.js";
import { POSTGRES_MIGRATIONS } from "../migrations/postgres.js";
import { checkTime, ledgerValues } from "../record-input.js";
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
import { migratePostgres } from "./migrate.js";
import {
  DOCUMENT_SQL,
  keyArgs,
  ledgerInsert,
  listArgs,
  putArgs,
  toPage,
  toStoredDocument,
} from "./queries.js";

export interface PostgresRecordStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** Pool size (default 10). */
  poolMax?: number;
  /** The schema; tests pass their own list. */
  migrations?: readonly Migration[];
  /** Errors of idle pooled connections (the pool replaces them). */
  onError?: (error: Error) => void;
}

/** Connects, applies pending migrations, and returns the store. */
export async function openPostgresRecordStore(options: PostgresRecordStoreOptions): Promise<RecordStore> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    query_timeout: 30_000,
  });
  // why: an idle client losing its connection emits 'error' on the pool; unhandled, it would crash.
  pool.on("error", (error) => options.onError?.(error));
  try {
    await migratePostgres(pool, options.migrations ?? POSTGRES_MIGRATIONS);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StateUnavailableError("postgres", messageOf(error), { cause: error });
  }
  return new PostgresRecordStore(pool);
}

class PostgresRecordStore implements RecordStore {
  readonly backend = "postgres";
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  async put(kind: string, id: string, doc: unknown, options?: PutOptions): Promise<void> {
    await this.query(DOCUMENT_SQL.put, putArgs(kind, id, doc, options));
  }

  async get<T>(kind: string, id: string, options?: ScopeOption): Promise<StoredDocument<T> | null> {
    const { rows } = await this.query(DOCUMENT_SQL.get, [...keyArgs(kind, id, options), Date.now()]);
    return rows[0] ? toStoredDocument<T>(rows[0]) : null;
  }

  async delete(kind: string, id: string, options?: ScopeOption): Promise<boolean> {
    const result = await this.query(DOCUMENT_SQL.delete, [...keyArgs(kind, id, options), Date.now()]);
    return (result.rowCount ?? 0) > 0;
  }

  async list<T>(kind: string, options: ListOptions): Promise<DocumentPage<T>> {
    const { text, values, limit } = listArgs(kind, options);
    const { rows } = await this.query(text, values);
    return toPage<T>(rows, limit);
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    return (await this.query(DOCUMENT_SQL.purge, [checkTime(now, "now")])).rowCount ?? 0;
  }

  async append(rows: LedgerRow[]): Promise<number> {
    this.ensureOpen();
    const values = rows.map((row, i) => ledgerValues(row, i));
    let added = 0;
    // why: PostgreSQL takes at most 65535 parameters per statement; 1000 rows use 15000.
    for (let start = 0; start < values.length; start += 1000) {
      const { text, params } = ledgerInsert(values.slice(start, start + 1000));
      added += (await this.query(text, params)).rowCount ?? 0;
    }
    return added;
  }

  async sum(query: LedgerSumQuery): Promise<LedgerSum[]> {
    const { text, values } = ledgerSumSql(query, (n) => `$${n}`);
    const { rows } = await this.query(text, values);
    return rows.map((row) => toLedgerSum(row, query));
  }

  async migrations(): Promise<AppliedMigration[]> {
    const { rows } = await this.query(
      "SELECT version, name, applied_at FROM tollgate_migrations ORDER BY version",
      [],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      name: String(r.name),
      appliedAt: Number(r.applied_at),
    }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private ensureOpen(): void {
    if (this.closed) throw new StateUnavailableError("postgres", "the store is closed");
  }

  /**
   * Runs one parameterised query. A data exception (SQLSTATE class 22, e.g. a number out of
   * range) is the caller's input; everything else means the database could not answer.
   */
  private async query(text: string, values: unknown[]): Promise<pg.QueryResult<Record<string, unknown>>> {
    this.ensureOpen();
    try {
      return await this.pool.query(text, values);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === "string" && code.startsWith("22")) throw new StateInputError(messageOf(error));
      throw new StateUnavailableError("postgres", messageOf(error), { cause: error });
    }
  }
}

/**
 * PostgreSQL transport for the database sink: a small pg Pool, one multi-row INSERT per batch.
 * `pg` is loaded when a PostgreSQL sink is configured, not at start-up for everyone.
 */
import { createRequire } from "node:module";
import type pg from "pg";
import type { UsageRecord } from "../record.js";
import type { BatchTransport } from "./batcher.js";
import { addColumnsSql, COLUMNS, createTableSql, toRow } from "./columns.js";

/**
 * SQLSTATE classes worth retrying: connection (08), resources (53), operator intervention (57),
 * and serialization/deadlock (40). Syntax, data and constraint errors are not.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const RETRYABLE_CLASSES = new Set(["08", "53", "57", "40"]);

/** A pool on `url`; the table is created on the first batch (so startup never waits on the DB). */
export function postgresTransport(
  url: string,
  table: string,
  onIdleError: (e: Error) => void,
): BatchTransport {
  const { Pool } = createRequire(import.meta.url)("pg") as typeof pg;
  const pool = new Pool({ connectionString: url, max: 2, idleTimeoutMillis: 30_000 });
  // why: an idle client losing its connection emits 'error' on the pool; unhandled, it would crash.
  pool.on("error", onIdleError);
  const head = `INSERT INTO "${table}" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES `;
  let ready: Promise<void> | null = null;
  const ensureTable = (): Promise<void> => {
    ready ??= (async () => {
      for (const sql of createTableSql("postgres", table)) await pool.query(sql);
      const cols = await pool.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()",
        [table],
      );
      const have = new Set(cols.rows.map((r) => r.column_name));
      for (const sql of addColumnsSql("postgres", table, have)) await pool.query(sql);
    })().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };
  return {
    async send(batch) {
      await ensureTable();
      const { text, values } = multiRowInsert(head, batch);
      await pool.query(text, values);
    },
    retryable(error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== "string") return true;
      if (/^[0-9A-Z]{5}$/.test(code)) return RETRYABLE_CLASSES.has(code.slice(0, 2));
      return true; // why: Node network errors (ECONNREFUSED, ECONNRESET) are transient.
    },
    async close() {
      await pool.end();
    },
  };
}

function multiRowInsert(head: string, batch: UsageRecord[]): { text: string; values: unknown[] } {
  const width = COLUMNS.length;
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const record of batch) {
    const base = values.length;
    const marks = new Array<string>(width);
    for (let i = 0; i < width; i++) marks[i] = `$${base + i + 1}`;
    tuples.push(`(${marks.join(",")})`);
    for (const v of toRow(record, "postgres")) values.push(v);
  }
  return { text: `${head}${tuples.join(",")} ON CONFLICT ("request_id") DO NOTHING`, values };
}

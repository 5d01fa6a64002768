/**
 * One conformance suite for the database sink, run against SQLite (always) and PostgreSQL.
 * PostgreSQL (test/support/services.ts): each run uses its own table (`tg_test_<random>`) and
 * drops it. When PostgreSQL is unreachable the suite is skipped with a message saying so, except
 * under CI=true, where that is a failure.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSkipped, POSTGRES_URL, serviceDown } from "../../../test/support/services.js";
import { fullRecord, memoryLogger, sparseRecord } from "../__fixtures__/records.js";
import { RECORD_FIELDS, type UsageRecord } from "../record.js";
import { createDatabaseSink } from "./database.js";
import { toJsonObject } from "./serialize.js";
import { Spool } from "./spool.js";

type Row = Record<string, unknown>;

interface Backend {
  url: string;
  /** Rows of `table`, ordered by request_id, normalized to JSON values. */
  rows(table: string): Promise<Row[]>;
  exec(sql: string): Promise<void>;
  /** A fresh directory for a spool. */
  spoolDir(): string;
  /** A URL on which connecting or opening fails. */
  badUrl?: string;
  cleanup(): Promise<void>;
}

const JSON_FIELDS = new Set(["validation_result", "warnings", "request_payload", "response_payload"]);
const BOOL_FIELDS = new Set(["stream", "fallback_used", "resumed"]);

function normalize(row: Row): Row {
  const out: Row = {};
  for (const f of RECORD_FIELDS) {
    let v = row[f];
    if (v instanceof Date) v = v.toISOString();
    else if (v !== null && JSON_FIELDS.has(f) && typeof v === "string") v = JSON.parse(v);
    else if (v !== null && BOOL_FIELDS.has(f)) v = Boolean(v);
    else if (typeof v === "string" && /^-?\d+$/.test(v) && f !== "request_id") v = Number(v); // pg BIGINT
    out[f] = v;
  }
  return out;
}

const tableName = () => `tg_test_${Math.random().toString(36).slice(2, 10)}`;
const cfg = (url: string, table: string, batch_size = 200, spool: string | false = false) => ({
  url,
  table,
  batch_size,
  flush_ms: 10,
  max_queue: 10_000,
  spool,
});
const quick = { baseBackoffMs: 1, maxBackoffMs: 2 };

function conformance(backend: () => Backend) {
  let b: Backend;
  let table: string;
  beforeAll(() => {
    b = backend();
  });
  afterAll(async () => {
    await b.cleanup();
  });

  const open = (batch = 200, spool: string | false = false) => {
    table = tableName();
    return createDatabaseSink(cfg(b.url, table, batch, spool), memoryLogger(), quick);
  };

  it("creates the table and round-trips every field; unknowns are NULL", async () => {
    const sink = open();
    const records: UsageRecord[] = [fullRecord(1), sparseRecord(2)];
    for (const r of records) sink.write(r);
    await sink.close();
    expect(sink.stats()).toEqual({ written: 2, dropped: 0, failed: 0 });
    const rows = (await b.rows(table)).map(normalize);
    expect(rows).toEqual(records.map(toJsonObject));
    expect(rows[1]?.tenant).toBeNull();
    expect(rows[1]?.cost_usd).toBeNull();
  });

  it("adds the columns a table made by an older version lacks", async () => {
    const first = open();
    first.write(fullRecord(1));
    await first.close();
    await b.exec(`ALTER TABLE "${table}" DROP COLUMN "user"`);
    const upgraded = createDatabaseSink(cfg(b.url, table), memoryLogger(), quick);
    upgraded.write(fullRecord(2));
    await upgraded.close();
    expect(upgraded.stats()).toEqual({ written: 1, dropped: 0, failed: 0 });
    expect((await b.rows(table)).map((r) => r.user)).toEqual([null, "end-user-7"]);
  });

  it("inserts many records in batches", async () => {
    const sink = open(200);
    for (let i = 0; i < 450; i++) sink.write(fullRecord(i));
    await sink.flush();
    expect(sink.stats().written).toBe(450);
    expect(await b.rows(table)).toHaveLength(450);
    await sink.close();
  });

  it("reuses an existing table, and a retried request_id is stored once", async () => {
    const first = open();
    first.write(fullRecord(1));
    await first.close();
    const second = createDatabaseSink(cfg(b.url, table), memoryLogger(), quick);
    second.write(fullRecord(1));
    second.write(fullRecord(2));
    await second.close();
    expect((await b.rows(table)).map((r) => r.request_id)).toEqual(["req_1", "req_2"]);
  });

  it("inserts what a dead process spooled, once, and empties the spool", async () => {
    const dir = b.spoolDir();
    table = tableName();
    const stored = createDatabaseSink(cfg(b.url, table), memoryLogger(), quick);
    stored.write(fullRecord(1));
    await stored.close();
    // why: a spool opened and never closed is what a SIGKILLed process leaves behind.
    const { spool } = Spool.open(dir, memoryLogger());
    for (const i of [1, 2, 3]) spool.append(fullRecord(i));
    const logger = memoryLogger();
    const sink = createDatabaseSink(cfg(b.url, table, 200, dir), logger, quick);
    await sink.flush();
    expect((await b.rows(table)).map((r) => r.request_id)).toEqual(["req_1", "req_2", "req_3"]);
    expect(logger.lines.some((l) => l.msg?.includes("replaying usage records"))).toBe(true);
    await sink.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps spooled records the database refused for the next start", async () => {
    const dir = b.spoolDir();
    const sink = open(200, dir);
    sink.write(fullRecord(1));
    await sink.flush();
    await b.exec(`DROP TABLE "${table}"`);
    sink.write(fullRecord(2));
    await sink.flush();
    await sink.close();
    expect(readdirSync(dir)).toHaveLength(1);
    const next = createDatabaseSink(cfg(b.url, table, 200, dir), memoryLogger(), quick);
    await next.close();
    expect((await b.rows(table)).map((r) => r.request_id)).toEqual(["req_2"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("counts a batch the database refuses as failed, without throwing", async () => {
    const sink = open();
    sink.write(fullRecord(1));
    await sink.flush();
    await b.exec(`DROP TABLE "${table}"`);
    sink.write(fullRecord(2));
    await sink.flush();
    expect(sink.stats()).toEqual({ written: 1, dropped: 0, failed: 1 });
    await sink.close();
    sink.write(fullRecord(3));
    expect(sink.stats().dropped).toBe(1);
  });
}

describe("database sink: SQLite", () => {
  conformance(() => {
    const dir = mkdtempSync(join(tmpdir(), "tg-sqlite-"));
    const path = join(dir, "usage.db");
    return {
      url: `sqlite://${path}`,
      spoolDir: () => mkdtempSync(join(dir, "spool-")),
      async rows(table) {
        const db = new Database(path, { readonly: true });
        try {
          return db.prepare(`SELECT * FROM "${table}" ORDER BY request_id`).all() as Row[];
        } finally {
          db.close();
        }
      },
      async exec(sql) {
        const db = new Database(path);
        db.exec(sql);
        db.close();
      },
      async cleanup() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it("throws at startup on a path that cannot be opened", () => {
    expect(() =>
      createDatabaseSink(cfg("sqlite:///nonexistent-dir-tg/x/usage.db", "t"), memoryLogger()),
    ).toThrow();
  });
});

const PG_URL = POSTGRES_URL;
const pgDown = await serviceDown("PostgreSQL");

describe.skipIf(pgDown !== null)("database sink: PostgreSQL", () => {
  const client = new pg.Client({ connectionString: PG_URL });
  const created = new Set<string>();
  beforeAll(async () => {
    await client.connect();
  });
  const spoolRoot = mkdtempSync(join(tmpdir(), "tg-pg-spool-"));
  conformance(() => ({
    url: PG_URL,
    spoolDir: () => mkdtempSync(join(spoolRoot, "spool-")),
    async rows(table) {
      created.add(table);
      const res = await client.query(`SELECT * FROM "${table}" ORDER BY request_id`);
      return res.rows as Row[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async cleanup() {
      for (const t of created) await client.query(`DROP TABLE IF EXISTS "${t}"`);
      await client.end();
      rmSync(spoolRoot, { recursive: true, force: true });
    },
  }));

  it("counts records as failed when the server is unreachable, without throwing", async () => {
    const sink = createDatabaseSink(cfg("postgres://postgres@127.0.0.1:1/test", "t"), memoryLogger(), quick);
    sink.write(fullRecord(1));
    await sink.flush();
    expect(sink.stats()).toEqual({ written: 0, dropped: 0, failed: 1 });
    await sink.close();
  });
});

if (pgDown) describeSkipped("database sink: PostgreSQL", "PostgreSQL", pgDown);

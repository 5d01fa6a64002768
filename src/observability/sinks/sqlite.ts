/**
 * SQLite transport for the database sink.
 *
 * better-sqlite3 is synchronous, and inserting a batch costs tens of microseconds per row
 * (measured on a 2-core VM: ~3 ms to insert 200 rows, ~1 ms more to convert them), which would
 * hold the event loop, and every in-flight response, for that long. So inserts run on a writer
 * thread: this thread only serializes the batch to one JSON string and posts it (measured:
 * ~1.5 ms per 200 rows, 4 to 7 µs a row), and the worker parses, converts and inserts the
 * batch in one transaction (WAL journal,
 * `synchronous = NORMAL`). The file is opened once on this thread at startup so a bad path
 * fails at startup, not later. The driver is loaded only when a SQLite sink is configured.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import type { UsageRecord } from "../record.js";
import type { BatchTransport } from "./batcher.js";
import { addColumnsSql, COLUMNS, columnKinds, createTableSql, sqliteInsertSql } from "./columns.js";
import { SQLITE_WORKER_SOURCE } from "./sqlite-worker-source.js";

interface WorkerReply {
  id: number;
  ok: boolean;
  message?: string;
  code?: string;
}

/** Opens (creating if missing) the database file and the table; throws on a bad path. */
export function sqliteTransport(path: string, table: string): BatchTransport {
  const ddl = createTableSql("sqlite", table);
  const require = createRequire(import.meta.url);
  const Driver = require("better-sqlite3") as typeof Database;
  const db = new Driver(path);
  for (const sql of ddl) db.exec(sql);
  const have = new Set(
    (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name),
  );
  for (const sql of addColumnsSql("sqlite", table, have)) db.exec(sql);
  db.close();
  const worker = new Worker(SQLITE_WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve("better-sqlite3"),
      path,
      ddl,
      insertSql: sqliteInsertSql(table),
      columns: COLUMNS,
      kinds: columnKinds(),
    },
  });
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let dead: Error | null = null;
  const failAll = (error: Error) => {
    dead ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on("message", (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.ok) p.resolve();
    else p.reject(Object.assign(new Error(reply.message ?? "sqlite insert failed"), { code: reply.code }));
  });
  worker.on("error", failAll);
  worker.on("exit", () => failAll(new Error("sqlite writer thread exited")));
  return {
    send(batch: UsageRecord[]) {
      if (dead) return Promise.reject(dead);
      const json = JSON.stringify(batch);
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        if (pending.size === 0) worker.ref(); // why: a pending batch keeps the process alive until written
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, json });
      });
    },
    retryable(error) {
      const code = (error as { code?: unknown }).code;
      return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
    },
    async close() {
      if (dead) return;
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage({ type: "close" });
      await exited;
    },
  };
}

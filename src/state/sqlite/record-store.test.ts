import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { StateUnavailableError } from "../errors.js";
import { SQLITE_MIGRATIONS } from "../migrations/sqlite.js";
import { recordStoreContract } from "../record-store.contract.js";
import { openSqliteRecordStore } from "./record-store.js";

const dir = mkdtempSync(join(tmpdir(), "tg-state-"));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

recordStoreContract("sqlite", {
  migrations: SQLITE_MIGRATIONS,
  async database() {
    const path = join(dir, `db-${++n}`, "state.db");
    return (migrations) => openSqliteRecordStore({ path, ...(migrations ? { migrations } : {}) });
  },
});

describe("sqlite RecordStore", () => {
  it("creates the parent directory and uses WAL mode", async () => {
    const path = join(dir, "nested", "deeper", "state.db");
    const store = await openSqliteRecordStore({ path });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("works in memory", async () => {
    const store = await openSqliteRecordStore({ path: ":memory:" });
    await store.put("k", "id", { a: 1 });
    expect((await store.get("k", "id"))?.doc).toEqual({ a: 1 });
    await store.close();
  });

  it("rejects a path it cannot create with StateUnavailableError", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    await expect(openSqliteRecordStore({ path: join(file, "state.db") })).rejects.toBeInstanceOf(
      StateUnavailableError,
    );
  });
});

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { storageConfigSchema } from "./config.js";
import { Storage } from "./storage.js";

const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), "tollgate-storage-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("Storage", () => {
  it("defaults to a SQLite file and memory counters", () => {
    expect(storageConfigSchema.parse({})).toEqual({
      records: { backend: "sqlite", path: "./data/tollgate.db" },
      counters: { backend: "memory" },
    });
  });

  it("creates nothing until a store is asked for, then opens it once", async () => {
    const path = join(scratch(), "sub", "t.db");
    const s = new Storage(storageConfigSchema.parse({ records: { backend: "sqlite", path } }));
    expect(existsSync(path)).toBe(false);
    expect(s.opened).toEqual({ records: false, counters: false });
    const [a, b] = await Promise.all([s.records(), s.records()]);
    expect(a).toBe(b);
    expect(existsSync(path)).toBe(true);
    await a.put("k", "1", { x: 1 }, { scope: "s" });
    expect((await a.get("k", "1", { scope: "s" }))?.doc).toEqual({ x: 1 });
    await s.close();
    await expect(s.records()).rejects.toThrow(/closed/);
  });

  it("retries a failed open on the next call instead of keeping the failure", async () => {
    const dir = scratch();
    const blocker = join(dir, "blocker");
    writeFileSync(blocker, "a file where a directory must be");
    const s = new Storage(
      storageConfigSchema.parse({ records: { backend: "sqlite", path: join(blocker, "t.db") } }),
    );
    await expect(s.records()).rejects.toThrow();
    rmSync(blocker);
    const store = await s.records();
    expect(store).toBeDefined();
    await s.close();
  });

  it("deletes expired documents when the record store opens, not only hides them", async () => {
    const path = join(scratch(), "t.db");
    const config = storageConfigSchema.parse({ records: { backend: "sqlite", path } });
    const first = new Storage(config);
    const store = await first.records();
    await store.put("response", "old", { x: 1 }, { scope: "s", expiresAt: Date.now() + 50 });
    await store.put("response", "kept", { x: 2 }, { scope: "s" });
    await first.close();
    await new Promise((r) => setTimeout(r, 80));
    const count = () => {
      const db = new Database(path, { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM tollgate_documents").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(count()).toBe(2);
    const second = new Storage(config);
    await second.records();
    await vi.waitFor(() => expect(count()).toBe(1));
    await second.close();
  });
});

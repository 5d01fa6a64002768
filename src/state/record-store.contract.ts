/**
 * The RecordStore contract, run by each backend's test file against a real database. The
 * harness hands out empty databases: one shared by the document and ledger tests (each test uses
 * its own kinds and request ids), and fresh ones for the migration tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StateInputError, StateUnavailableError } from "./errors.js";
import type { Migration } from "./migrations/migration.js";
import { ledgerContract } from "./record-store-ledger.contract.js";
import type { RecordStore } from "./record-types.js";

/** Opens a store on one database, with the default schema or the given migrations. */
export type StoreOpener = (migrations?: readonly Migration[]) => Promise<RecordStore>;

export interface RecordStoreHarness {
  /** A new, empty database; the test file drops it afterwards. */
  database(): Promise<StoreOpener>;
  /** The backend's default migrations (extended by the migration tests). */
  migrations: readonly Migration[];
}

/** Two stores on one database, set in beforeAll (so read them inside tests). */
interface Stores {
  store: RecordStore;
  peer: RecordStore;
}

let seq = 0;
const fresh = (what: string) => `${what}-${Date.now().toString(36)}-${++seq}`;

/** Registers the shared RecordStore suite. */
export function recordStoreContract(title: string, harness: RecordStoreHarness): void {
  describe(`${title}: RecordStore contract`, () => {
    let open: StoreOpener;
    const ctx = {} as Stores;
    beforeAll(async () => {
      open = await harness.database();
      [ctx.store, ctx.peer] = await Promise.all([open(), open()]);
    });
    afterAll(async () => {
      await ctx.store.close();
      await ctx.peer.close();
    });

    describe("migrations", () => migrationTests(harness));

    documentTests(ctx);
    documentExpiryAndListTests(ctx);

    describe("ledger", () => ledgerContract(() => ctx));

    it("rejects every call after close with StateUnavailableError", async () => {
      const closed = await open();
      await closed.close();
      await expect(closed.get("k", "id")).rejects.toBeInstanceOf(StateUnavailableError);
      await expect(closed.append([])).rejects.toBeInstanceOf(StateUnavailableError);
    });
  });
}

function migrationTests(harness: RecordStoreHarness): void {
  const versions = harness.migrations.map((m) => m.version);

  it("applies every migration once on open; opening again is a no-op", async () => {
    const open = await harness.database();
    const first = await open();
    const applied = await first.migrations();
    expect(applied.map((m) => m.version)).toEqual(versions);
    expect(applied.map((m) => m.name)).toEqual(harness.migrations.map((m) => m.name));
    await first.close();
    const second = await open();
    expect(await second.migrations()).toEqual(applied);
    await second.close();
  });

  it("applies each migration once when several stores open the same database at once", async () => {
    const open = await harness.database();
    const stores = await Promise.all(Array.from({ length: 4 }, () => open()));
    expect((await stores[0]?.migrations())?.map((m) => m.version)).toEqual(versions);
    for (const s of stores) await s.close();
  });

  it("rolls a failing migration back entirely, and keeps the ones before it", async () => {
    const open = await harness.database();
    const next = Math.max(...versions) + 1;
    const broken = [
      ...harness.migrations,
      {
        version: next,
        name: "broken",
        statements: ["CREATE TABLE tg_partial (a INTEGER)", "SELECT * FROM tg_nowhere"],
      },
    ];
    await expect(open(broken)).rejects.toThrow(new RegExp(`migration ${next} \\(broken\\) failed`));
    const store = await open();
    expect((await store.migrations()).map((m) => m.version)).toEqual(versions);
    await store.close();
    // tg_partial was rolled back with its migration, so creating it again succeeds.
    const fixed = [
      ...harness.migrations,
      { version: next, name: "fixed", statements: ["CREATE TABLE tg_partial (a INTEGER)"] },
    ];
    const repaired = await open(fixed);
    expect((await repaired.migrations()).map((m) => m.version)).toEqual([...versions, next]);
    await repaired.close();
  });
}

/** Documents: round trip, replacement, scopes. */
function documentTests(ctx: Stores): void {
  it("round-trips a document; replacing keeps its creation time", async () => {
    const { store, peer } = ctx;
    const kind = fresh("response");
    const doc = { output: [{ type: "text", text: "hé ✓" }], n: 1.5, ok: true, none: null };
    await store.put(kind, "r1", doc);
    const got = await peer.get(kind, "r1");
    expect(got).toMatchObject({ kind, id: "r1", scope: null, doc, expiresAt: null });
    await store.put(kind, "r1", { v: 2 });
    const replaced = await store.get(kind, "r1");
    expect(replaced?.doc).toEqual({ v: 2 });
    expect(replaced?.createdAt).toBe(got?.createdAt);
    expect(await store.get(fresh("other-kind"), "r1")).toBeNull();
  });

  it("hides a document from every other scope, for reads, lists and deletes", async () => {
    const { store, peer } = ctx;
    const kind = fresh("response");
    await store.put(kind, "same-id", { owner: "a" }, { scope: "key-a" });
    expect(await peer.get(kind, "same-id", { scope: "key-b" })).toBeNull();
    expect(await peer.get(kind, "same-id")).toBeNull();
    expect(await peer.delete(kind, "same-id", { scope: "key-b" })).toBe(false);
    await peer.put(kind, "same-id", { owner: "b" }, { scope: "key-b" });
    expect((await store.get(kind, "same-id", { scope: "key-a" }))?.doc).toEqual({ owner: "a" });
    expect((await store.get(kind, "same-id", { scope: "key-b" }))?.scope).toBe("key-b");
    const listed = await store.list(kind, { scope: "key-a", limit: 10 });
    expect(listed.items.map((d) => d.doc)).toEqual([{ owner: "a" }]);
    expect((await store.list(kind, { limit: 10 })).items).toEqual([]);
    expect(await store.delete(kind, "same-id", { scope: "key-a" })).toBe(true);
    expect(await store.delete(kind, "same-id", { scope: "key-a" })).toBe(false);
    expect(await store.get(kind, "same-id", { scope: "key-b" })).not.toBeNull();
  });
}

/** Documents: expiry, listing, argument checks. */
function documentExpiryAndListTests(ctx: Stores): void {
  it("hides expired documents and purges them", async () => {
    const { store, peer } = ctx;
    const kind = fresh("cache");
    const now = Date.now();
    await store.put(kind, "old", { v: 1 }, { expiresAt: now - 1 });
    await store.put(kind, "later", { v: 2 }, { expiresAt: now + 3_600_000 });
    await store.put(kind, "forever", { v: 3 });
    expect(await store.get(kind, "old")).toBeNull();
    expect((await store.list(kind, { limit: 10 })).items.map((d) => d.id).sort()).toEqual([
      "forever",
      "later",
    ]);
    expect(await peer.purgeExpired(now)).toBeGreaterThanOrEqual(1);
    expect(await store.get(kind, "later")).toMatchObject({ expiresAt: now + 3_600_000 });
    await store.purgeExpired(now + 3_600_000);
    expect((await store.list(kind, { limit: 10 })).items.map((d) => d.id)).toEqual(["forever"]);
    await store.put(kind, "old", { v: 4 });
    expect((await store.get(kind, "old"))?.doc).toEqual({ v: 4 });
  });

  it("lists in a stable order, page by page, with a cursor", async () => {
    const { store, peer } = ctx;
    const kind = fresh("listing");
    const ids = Array.from({ length: 25 }, (_, i) => `id-${String(i).padStart(2, "0")}`);
    for (const id of ids) await store.put(kind, id, { id });
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await peer.list(kind, { limit: 10, ...(after ? { after } : {}) });
      seen.push(...page.items.map((d) => d.id));
      after = page.next ?? undefined;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    const created = (await store.list(kind, { limit: 25 })).items.map((d) => d.createdAt);
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it("refuses bad arguments with StateInputError", async () => {
    const { store } = ctx;
    const bad: (() => Promise<unknown>)[] = [
      () => store.put("", "id", {}),
      () => store.put("k", "id", { n: 1n }),
      () => store.put("k", "id", undefined),
      () => store.put("k", "id", { text: "a\u0000b" }),
      () => store.put("k", "id", {}, { expiresAt: -1 }),
      () => store.put("k", "id", {}, { scope: "" }),
      () => store.get("k", "x".repeat(513)),
      () => store.list("k", { limit: 0 }),
      () => store.list("k", { limit: 10, after: "not-a-cursor" }),
      () => store.purgeExpired(Number.NaN),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(StateInputError);
    await store.put("k", "backslash", { text: "a\\u0000b" });
    expect((await store.get("k", "backslash"))?.doc).toEqual({ text: "a\\u0000b" });
  });
}

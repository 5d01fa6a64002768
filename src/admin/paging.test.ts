/** Paged admin lists over a real SQLite RecordStore (a file made for this run). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRecordStore } from "../state/index.js";
import type { RecordStore } from "../state/types.js";
import { AdminError } from "./admin-error.js";
import { listPage } from "./paging.js";

const dir = mkdtempSync(join(tmpdir(), "tollgate-paging-"));
let store: RecordStore;

beforeAll(async () => {
  store = await openRecordStore({ backend: "sqlite", path: join(dir, "p.db") });
  for (let i = 0; i < 7; i++) await store.put("thing", `t${i}`, { id: `t${i}`, odd: i % 2 === 1 });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Thing = { id: string; odd: boolean };

async function walk(query: string, keep?: (t: Thing) => boolean): Promise<string[][]> {
  const pages: string[][] = [];
  let after = "";
  do {
    const q = new URLSearchParams(query);
    if (after) q.set("after", after);
    const p = await listPage<Thing>(store, "thing", q, (t) => t.id, keep);
    pages.push(p.data as string[]);
    after = p.next ?? "";
  } while (after);
  return pages;
}

describe("admin paging", () => {
  it("pages oldest first by ?limit= and the previous page's next, ending with next: null", async () => {
    expect(await walk("limit=3")).toEqual([["t0", "t1", "t2"], ["t3", "t4", "t5"], ["t6"]]);
    expect(await walk("")).toEqual([["t0", "t1", "t2", "t3", "t4", "t5", "t6"]]);
    // A last page that is exactly full says so: no empty page after it.
    expect(await walk("limit=7")).toEqual([["t0", "t1", "t2", "t3", "t4", "t5", "t6"]]);
  });

  it("a filtered list fills each page and its cursor continues after the last one shown", async () => {
    expect(await walk("limit=2", (t) => t.odd)).toEqual([["t1", "t3"], ["t5"]]);
    expect(await walk("limit=3", (t) => t.odd)).toEqual([["t1", "t3", "t5"]]);
  });

  it("documents listed first (config entities) page before the store's, and shadow a stored id", async () => {
    const first = ["c0", "t1", "c1"].map((id) => ({ id, doc: { id, odd: false } }));
    const pages: string[][] = [];
    let after = "";
    do {
      const q = new URLSearchParams(`limit=4${after ? `&after=${after}` : ""}`);
      const p = await listPage<Thing>(store, "thing", q, (t) => t.id, undefined, first);
      pages.push(p.data as string[]);
      after = p.next ?? "";
    } while (after);
    expect(pages).toEqual([["c0", "t1", "c1", "t0"], ["t2", "t3", "t4", "t5"], ["t6"]]);
    const two = await listPage<Thing>(
      store,
      "thing",
      new URLSearchParams("limit=2"),
      (t) => t.id,
      undefined,
      first,
    );
    const rest = await listPage<Thing>(
      store,
      "thing",
      new URLSearchParams(`limit=2&after=${two.next}`),
      (t) => t.id,
      undefined,
      first,
    );
    expect([two.data, rest.data]).toEqual([
      ["c0", "t1"],
      ["c1", "t0"],
    ]);
  });

  it("a bad limit or cursor is a 400 naming the parameter", async () => {
    for (const [query, param] of [
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
      ["limit=ten", "limit"],
      ["limit=2.5", "limit"],
      ["after=not-a-cursor", "after"],
    ] as const) {
      const err = await listPage(store, "thing", new URLSearchParams(query)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdminError);
      expect(err).toMatchObject({ status: 400, code: "invalid_parameter", param });
    }
  });
});

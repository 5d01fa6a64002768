/**
 * First-use anchors of config budgets: stored in the records store on first use, the same for
 * every node (even when they race to create it), and kept by a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgDatabases } from "../../test/support/pg-databases.js";
import { describeSkipped, serviceDown } from "../../test/support/services.js";
import { validateConfig } from "../config/load.js";
import { PriceTable } from "../observability/cost.js";
import type { RequestContext } from "../pipeline/context.js";
import { openRecordStore } from "../state/index.js";
import { Storage } from "../state/storage.js";
import { ANCHOR_KIND, BudgetAnchors } from "./anchors.js";
import { LimitsEngine } from "./engine.js";

let dir: string;
const pgDown = await serviceDown("PostgreSQL");
const pgs = pgDatabases("anchors");
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tollgate-anchors-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!pgDown) await pgs.dropAll();
});

function gateway(file: string, budget: Record<string, unknown>) {
  const loaded = validateConfig(
    {
      keys: [{ name: "app", key: "tg-app-000000000", budget }],
      storage: { records: { backend: "sqlite", path: join(dir, file) } },
    },
    {},
  );
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  const storage = new Storage(loaded.config.storage);
  const engine = new LimitsEngine({
    storage,
    logger: pino({ level: "silent" }),
    pricing: new PriceTable(),
    config: loaded.config.limits,
  });
  const ctx = { serving: { snapshot: { config: loaded.config } } } as unknown as Pick<
    RequestContext,
    "serving"
  >;
  const k = loaded.config.keys[0];
  const identity = {
    key: "app",
    policies: [{ level: "key" as const, id: "app", budgets: k?.budget ? [k.budget] : [] }],
  };
  return {
    storage,
    resetsAt: async () => {
      const [row] = (await engine.explain(ctx, identity)) as Array<{ resets_at: string }>;
      return row?.resets_at;
    },
  };
}

describe("first-use anchors of rolling config budgets", () => {
  it("anchors on first use and keeps the anchor across a restart", async () => {
    const before = Date.now();
    const a = gateway("restart.db", { limit_usd: 5, period: "daily", alignment: "rolling" });
    const first = await a.resetsAt();
    const stored = await (await a.storage.records()).get(ANCHOR_KIND, "key:app:daily");
    expect(stored?.createdAt).toBeGreaterThanOrEqual(before);
    expect(first).toBe(new Date((stored?.createdAt ?? 0) + 86_400_000).toISOString());
    await a.storage.close();
    // A new process on the same records store reads the anchor back instead of making a new one.
    await new Promise((r) => setTimeout(r, 5));
    const b = gateway("restart.db", { limit_usd: 5, period: "daily", alignment: "rolling" });
    expect(await b.resetsAt()).toBe(first);
    await b.storage.close();
  });

  it("an explicit anchor wins and stores nothing", async () => {
    const g = gateway("explicit.db", {
      limit_usd: 5,
      period: "monthly",
      alignment: "rolling",
      anchor: "2020-01-31T06:00:00Z",
    });
    const resets = Date.parse((await g.resetsAt()) ?? "");
    const d = new Date(resets);
    expect(resets).toBeGreaterThan(Date.now());
    // On the 31st at 06:00, or the last day of a shorter month.
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    expect(d.getUTCDate()).toBe(Math.min(31, last));
    expect(d.getUTCHours()).toBe(6);
    expect((await (await g.storage.records()).list(ANCHOR_KIND, { limit: 10 })).items).toEqual([]);
    await g.storage.close();
  });

  it("nodes racing to anchor the same budget all read one anchor", async () => {
    const g = gateway("race.db", { limit_usd: 5, period: "weekly", alignment: "rolling" });
    const nodes = Array.from({ length: 8 }, () => new BudgetAnchors(() => g.storage.records()));
    const seen = await Promise.all(nodes.map((n) => n.resolve(["key:app:weekly"])));
    expect(new Set(seen.map((m) => m.get("key:app:weekly"))).size).toBe(1);
    await g.storage.close();
  });
});

if (pgDown) describeSkipped("first-use anchors on PostgreSQL", "PostgreSQL", pgDown);
else
  describe("first-use anchors on PostgreSQL", () => {
    it("nodes racing on separate pools all read one anchor", async () => {
      const url = await pgs.create();
      const stores = await Promise.all(
        Array.from({ length: 6 }, () => openRecordStore({ backend: "postgres", url, pool_max: 2 })),
      );
      try {
        const seen = await Promise.all(
          stores.map((s) => new BudgetAnchors(() => Promise.resolve(s)).resolve(["team:core:monthly"])),
        );
        expect(new Set(seen.map((m) => m.get("team:core:monthly"))).size).toBe(1);
        expect((await stores[0]?.get(ANCHOR_KIND, "team:core:monthly"))?.createdAt).toBe(
          seen[0]?.get("team:core:monthly"),
        );
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });

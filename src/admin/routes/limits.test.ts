import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateConfig } from "../../config/load.js";
import { LimitsEngine } from "../../governance/engine.js";
import { PriceTable } from "../../observability/cost.js";
import type { GatewayState } from "../../server/gateway-state.js";
import { Storage } from "../../state/storage.js";
import type { AdminResult } from "../route.js";
import { LIMITS_ROUTES } from "./limits.js";

let dir: string;
let gw: GatewayState;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tollgate-admin-limits-"));
  const loaded = validateConfig(
    {
      keys: [
        { name: "app", key: "tg-app-000000000", budget: { limit_usd: 5, period: "daily" } },
        {
          name: "multi",
          key: "tg-multi-00000000",
          budgets: [
            { id: "day", limit_usd: 1, period: "daily" },
            { id: "month", limit_usd: 20, period: "monthly" },
          ],
        },
      ],
      storage: { records: { backend: "sqlite", path: join(dir, "t.db") } },
    },
    {},
  );
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  const storage = new Storage(loaded.config.storage);
  const logger = pino({ level: "silent" });
  gw = {
    serving: { snapshot: { config: loaded.config } },
    storage,
    logger,
    limits: new LimitsEngine({ storage, logger, pricing: new PriceTable(), config: loaded.config.limits }),
  } as unknown as GatewayState;
});
afterAll(async () => {
  await gw.storage.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(method: string, path: string, body?: unknown, query = ""): Promise<AdminResult> {
  for (const route of LIMITS_ROUTES) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = route.path.replace(/:(\w+)/g, (_, n: string) => {
      names.push(n);
      return "([^/]+)";
    });
    const re = new RegExp(`^${pattern}$`);
    const m = re.exec(path);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ""]));
    return route.handle({ req: {} as IncomingMessage, params, query: new URLSearchParams(query), body, gw });
  }
  throw new Error(`no route ${method} ${path}`);
}

describe("admin limits routes", () => {
  it("creates, reads, replaces and deletes budgets; bad bodies name the field", async () => {
    const bad = await call("POST", "/admin/v1/budgets", {
      scope: { level: "team", id: "core" },
      limit_usd: -1,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('"field":"limit_usd"');
    const made = await call("POST", "/admin/v1/budgets", {
      id: "core-monthly",
      scope: { level: "team", id: "core" },
      limit_usd: 100,
      alert_at: [0.5, 0.8],
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: "core-monthly", period: "monthly", enforcement: "hard" });
    expect(
      (
        await call("POST", "/admin/v1/budgets", {
          id: "core-monthly",
          scope: { level: "team", id: "core" },
          limit_usd: 1,
        })
      ).status,
    ).toBe(409);
    const list = await call("GET", "/admin/v1/budgets");
    expect((list.body as { data: unknown[] }).data).toHaveLength(1);
    const put = await call("PUT", "/admin/v1/budgets/core-monthly", {
      scope: { level: "team", id: "core" },
      limit_usd: 200,
    });
    expect(put.body).toMatchObject({ limit_usd: 200 });
    expect((await call("DELETE", "/admin/v1/budgets/core-monthly")).status).toBe(204);
    expect((await call("GET", "/admin/v1/budgets/core-monthly")).status).toBe(404);
  });

  it("anchors a rolling budget at its creation, keeps the anchor on PUT, and counts periods from it", async () => {
    const before = Date.now();
    const made = await call("POST", "/admin/v1/budgets", {
      id: "ops-rolling",
      scope: { level: "team", id: "ops" },
      limit_usd: 10,
      period: "daily",
      alignment: "rolling",
    });
    expect(made.status).toBe(201);
    const anchor = Date.parse((made.body as { anchor: string }).anchor);
    expect(anchor).toBeGreaterThanOrEqual(before - 1);
    expect(anchor).toBeLessThanOrEqual(Date.now());
    const explained = await call("GET", "/admin/v1/limits/explain", undefined, "team=ops");
    const row = (explained.body as { data: Array<Record<string, unknown>> }).data.find(
      (d) => d.id === "ops-rolling",
    );
    // A day from the anchor, not from midnight UTC.
    expect(row?.resets_at).toBe(new Date(anchor + 86_400_000).toISOString());
    const put = await call("PUT", "/admin/v1/budgets/ops-rolling", {
      scope: { level: "team", id: "ops" },
      limit_usd: 20,
      period: "daily",
      alignment: "rolling",
    });
    expect(put.body).toMatchObject({ limit_usd: 20, anchor: new Date(anchor).toISOString() });
    const moved = await call("PUT", "/admin/v1/budgets/ops-rolling", {
      scope: { level: "team", id: "ops" },
      limit_usd: 20,
      period: "monthly",
      alignment: "rolling",
      anchor: "2026-01-31",
    });
    expect(moved.body).toMatchObject({ anchor: "2026-01-31" });
    const bad = await call("POST", "/admin/v1/budgets", {
      scope: { level: "team", id: "ops" },
      limit_usd: 1,
      alignment: "rolling",
      anchor: "31/01/2026",
    });
    expect(bad.status).toBe(400);
    expect(
      (bad.body as { error: { fields: Array<{ field: string; message: string }> } }).error.fields,
    ).toEqual([{ field: "anchor", message: expect.stringContaining("ISO 8601") }]);
    // A calendar budget gets no anchor.
    const calendar = await call("POST", "/admin/v1/budgets", {
      scope: { level: "team", id: "ops" },
      limit_usd: 1,
      period: "weekly",
    });
    expect(calendar.body).not.toHaveProperty("anchor");
    await call("DELETE", "/admin/v1/budgets/ops-rolling");
    await call("DELETE", `/admin/v1/budgets/${(calendar.body as { id: string }).id}`);
  });

  it("explains every limit and budget that applies to a key, with its state", async () => {
    await call("POST", "/admin/v1/limits", {
      id: "app-tpm",
      scope: { level: "key", id: "app" },
      metric: "total_tokens",
      limit: 1000,
      window: "1m",
    });
    const r = await call("GET", "/admin/v1/limits/explain", undefined, "key=app");
    expect(r.status).toBe(200);
    const data = (r.body as { data: Array<Record<string, unknown>> }).data;
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "budget",
          scope: "key",
          scope_id: "app",
          source: "identity",
          limit: 5,
          used: 0,
          remaining: 5,
        }),
        expect.objectContaining({
          kind: "limit",
          id: "app-tpm",
          source: "admin",
          metric: "total_tokens",
          limit: 1000,
        }),
      ]),
    );
    expect((await call("GET", "/admin/v1/limits/explain")).status).toBe(400);
    // A config key's `budgets:` list is explained too, not only `budget:`.
    const multi = await call("GET", "/admin/v1/limits/explain", undefined, "key=multi");
    expect((multi.body as { data: Array<{ id: string }> }).data.map((d) => d.id).sort()).toEqual([
      "day",
      "month",
    ]);
  });

  it("sums usage from the ledger by any dimension over a time range", async () => {
    const records = await gw.storage.records();
    const row = (id: string, key: string, model: string, cost: number) => ({
      timestamp: Date.parse("2026-11-05T10:00:00Z"),
      request_id: id,
      key,
      consumer: null,
      team: null,
      tenant: null,
      model,
      provider: null,
      workflow: null,
      input_tokens: 10,
      output_tokens: 5,
      cached_tokens: 0,
      reasoning_tokens: 0,
      total_tokens: 15,
      cost_usd: cost,
    });
    await records.append([row("u1", "a", "m1", 0.5), row("u2", "a", "m2", 0.25), row("u3", "b", "m1", 1)]);
    const r = await call("GET", "/admin/v1/usage", undefined, "group_by=key&from=2026-11-01&to=2026-12-01");
    expect(r.status).toBe(200);
    expect((r.body as { data: unknown[] }).data).toEqual([
      expect.objectContaining({ group: { key: "a" }, requests: 2, cost_usd: 0.75, total_tokens: 30 }),
      expect.objectContaining({ group: { key: "b" }, requests: 1, cost_usd: 1 }),
    ]);
    const bad = await call("GET", "/admin/v1/usage", undefined, "group_by=colour");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("group_by");
  });
});

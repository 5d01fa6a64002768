/**
 * Managed keys end to end: the admin API on the real admin port creates tenants, teams,
 * consumers and keys; the official openai SDK uses the key on the proxy port; rotation,
 * revocation, model access at every level, admin roles and validation errors.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import type { Identity } from "../../src/pipeline/identity.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { CLI } from "../support/cli-process.js";
import { ENV, referenceConfig } from "./harness.js";

const FULL = "full-admin-token-0123456789";
const READ = "read-admin-token-0123456789";
const dir = mkdtempSync(join(tmpdir(), "tollgate-admin-"));
let emulator: Emulator;
let local: Emulator;
let gateway: Gateway;
let url: string;
let adminUrl: string;
let config: Record<string, unknown>;
const identities: Identity[] = [];

beforeAll(async () => {
  emulator = await startAllEmulators();
  local = await startLocalEmulators();
  config = referenceConfig(emulator.port, local.port, {
    admin: {
      host: "127.0.0.1",
      port: 0,
      token: "{env://ADMIN_TOKEN}",
      read_token: "{env://ADMIN_READ_TOKEN}",
    },
    storage: { records: { backend: "sqlite", path: join(dir, "tollgate.db") } },
  }) as Record<string, unknown>;
  gateway = createGateway({
    config,
    env: { ...ENV, ADMIN_TOKEN: FULL, ADMIN_READ_TOKEN: READ },
    logger: pino({ level: "silent" }),
    onRequestEnd: (ctx) => {
      if (ctx.identity) identities.push(ctx.identity);
    },
  });
  const l = await gateway.listen({ port: 0, host: "127.0.0.1", admin: true });
  url = l.url;
  adminUrl = l.adminUrl!;
});
afterAll(async () => {
  await gateway?.close(0);
  await emulator?.close();
  await local?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function admin(method: string, path: string, body?: unknown, token = FULL) {
  const res = await fetch(`${adminUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const sdk = (apiKey: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0 });
const hello = (c: OpenAI, model = "gpt-4o-mini") =>
  c.chat.completions.create({ model, messages: [{ role: "user", content: "Hello" }] });
const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { status?: number }) => e.status,
  );

describe("admin API: managed keys through the real gateway", () => {
  let secret: string;
  let keyId: string;

  it("creates a tenant, team, consumer and the issue's key, shown once", async () => {
    expect((await admin("POST", "/admin/v1/tenants", { id: "acme" })).status).toBe(201);
    expect((await admin("POST", "/admin/v1/teams", { id: "platform", tenant: "acme" })).status).toBe(201);
    expect((await admin("POST", "/admin/v1/consumers", { id: "support", team: "platform" })).status).toBe(
      201,
    );
    const r = await admin("POST", "/admin/v1/keys", {
      name: "support-bot",
      consumer: "support",
      models: ["gpt-4o-mini"],
      budget: { limit_usd: 50, period: "monthly" },
      limits: [{ metric: "total_tokens", limit: 100000, window: "1m" }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: "support-bot", consumer: "support", status: "active" });
    expect(r.body.key).toMatch(/^tg-[0-9A-Za-z]{43}$/);
    secret = r.body.key;
    keyId = r.body.id;
    const listed = await admin("GET", "/admin/v1/keys");
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.data[0]).toMatchObject({ id: keyId, prefix: secret.slice(0, 9) });
  });

  it("the key works with the openai SDK, fills identity and policies, and lists only its models", async () => {
    const c = sdk(secret);
    const res = await hello(c);
    expect(res.choices[0]!.message.content).toBeTruthy();
    const models = [];
    for await (const m of c.models.list()) models.push(m.id);
    expect(models).toEqual(["gpt-4o-mini"]);
    expect(await status(hello(c, "claude-sonnet"))).toBe(404);
    const id = identities.find((i) => i.key === "support-bot")!;
    expect(id).toMatchObject({ consumer: "support", team: "platform", tenant: "acme" });
    expect(id.policies!.map((p) => p.level)).toEqual(["key", "consumer", "team", "tenant"]);
    expect(id.policies![0]).toMatchObject({
      limits: [{ metric: "total_tokens", limit: 100000, window: "1m" }],
      budgets: [{ limit_usd: 50, period: "monthly" }],
    });
  });

  it("a tenant-level deny wins over the key's allow", async () => {
    expect(
      (await admin("PATCH", "/admin/v1/tenants/acme", { models: { deny: ["gpt-4o-mini"] } })).status,
    ).toBe(200);
    expect(await status(hello(sdk(secret)))).toBe(404);
    await admin("PATCH", "/admin/v1/tenants/acme", { models: { deny: [] } });
    expect(await status(hello(sdk(secret)))).toBe(200);
  });

  it("rotation keeps the old secret working during the overlap; revocation stops every secret", async () => {
    const r = await admin("POST", `/admin/v1/keys/${keyId}/rotate`, { overlap_seconds: 3600 });
    expect(r.status).toBe(200);
    expect(r.body.key).not.toBe(secret);
    expect(r.body.previous_secrets).toEqual([
      { prefix: secret.slice(0, 9), expires_at: r.body.overlap_ends_at },
    ]);
    expect(await status(hello(sdk(secret)))).toBe(200);
    expect(await status(hello(sdk(r.body.key)))).toBe(200);
    const revoked = await admin("DELETE", `/admin/v1/keys/${keyId}`);
    expect(revoked.body.status).toBe("revoked");
    expect(await status(hello(sdk(secret)))).toBe(401);
    expect(await status(hello(sdk(r.body.key)))).toBe(401);
    expect((await admin("POST", `/admin/v1/keys/${keyId}/rotate`, {})).status).toBe(409);
  });

  it("validation errors name the field; unknown ids are 404; duplicates 409", async () => {
    const bad = await admin("POST", "/admin/v1/keys", {
      name: "x",
      limits: [{ metric: "bogus", limit: 1, window: "1m" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "validation_failed", param: "limits.0.metric" });
    const missing = await admin("POST", "/admin/v1/teams", {});
    expect(missing.body.error.param).toBe("id");
    expect((await admin("GET", "/admin/v1/keys/key_nope")).status).toBe(404);
    expect((await admin("POST", "/admin/v1/tenants", { id: "acme" })).status).toBe(409);
    const ref = await admin("POST", "/admin/v1/consumers", { id: "c2", team: "ghost" });
    expect(ref.status).toBe(422);
    expect(ref.body.error.param).toBe("team");
    const json = await fetch(`${adminUrl}/admin/v1/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${FULL}`, "content-type": "application/json" },
      body: "{nope",
    });
    expect(json.status).toBe(400);
  });

  it("roles: no or wrong token 401, read token reads but cannot write", async () => {
    expect((await admin("GET", "/admin/v1/keys", undefined, "")).status).toBe(401);
    expect((await admin("GET", "/admin/v1/keys", undefined, "wrong-token-wrong-token")).status).toBe(401);
    expect((await admin("GET", "/admin/v1/keys", undefined, READ)).status).toBe(200);
    const w = await admin("POST", "/admin/v1/tenants", { id: "ro" }, READ);
    expect(w.status).toBe(403);
    expect(w.body.error.code).toBe("read_only_token");
  });

  it("status shows version, uptime, storage reachability and counts", async () => {
    const s = await admin("GET", "/admin/v1/status", undefined, READ);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({
      storage: {
        records: { backend: "sqlite", reachable: true },
        counters: { backend: "memory", reachable: true },
      },
      counts: { tenants: 1, teams: 1, consumers: 1, keys: 1, config_keys: 1 },
    });
    expect(s.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("PATCH: null clears an optional field (expiry, budget, parent); errors name the field", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const made = await admin("POST", "/admin/v1/keys", { name: "patch-bot", expires_at: past });
    expect(made.body.status).toBe("expired");
    expect(await status(hello(sdk(made.body.key)))).toBe(401);
    const cleared = await admin("PATCH", `/admin/v1/keys/${made.body.id}`, {
      expires_at: null,
      budget: { limit_usd: 5, period: "daily" },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty("expires_at");
    expect(cleared.body).toMatchObject({ status: "active", budgets: [{ limit_usd: 5, period: "daily" }] });
    // The secret's pointer lost its old end with the expiry, so the key works again.
    expect(await status(hello(sdk(made.body.key)))).toBe(200);
    const noBudget = await admin("PATCH", `/admin/v1/keys/${made.body.id}`, { budget: null });
    expect(noBudget.body).not.toHaveProperty("budgets");
    expect((await admin("GET", `/admin/v1/keys/${made.body.id}`)).body).not.toHaveProperty("budgets");

    await admin("POST", "/admin/v1/teams", { id: "movers", tenant: "acme", metadata: { cost_centre: "42" } });
    const moved = await admin("PATCH", "/admin/v1/teams/movers", { tenant: null, name: "Movers" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: "movers", name: "Movers", metadata: { cost_centre: "42" } });
    expect(moved.body).not.toHaveProperty("tenant");

    const bad = await admin("PATCH", `/admin/v1/keys/${made.body.id}`, { expires_at: "tomorrow" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "validation_failed", param: "expires_at" });
    const renamed = await admin("PATCH", `/admin/v1/keys/${made.body.id}`, { name: "other" });
    expect(renamed.body.error).toMatchObject({ code: "validation_failed", param: "name" });
    const limit = await admin("PATCH", "/admin/v1/teams/movers", {
      limits: [{ metric: "requests", limit: 0, window: "1m" }],
    });
    expect(limit.body.error.param).toBe("limits.0.limit");
    expect((await admin("GET", "/admin/v1/teams/movers")).body).not.toHaveProperty("limits");
    await admin("DELETE", `/admin/v1/keys/${made.body.id}`);
    await admin("DELETE", "/admin/v1/teams/movers");
  });

  it("lists of tenants, teams, consumers and keys page by ?limit= and next", async () => {
    for (const id of ["pg-1", "pg-2", "pg-3"]) await admin("POST", "/admin/v1/consumers", { id });
    for (const name of ["pg-a", "pg-b", "pg-c"])
      await admin("POST", "/admin/v1/keys", { name, consumer: name === "pg-b" ? "pg-2" : "pg-1" });
    const walk = async (path: string) => {
      const pages: string[][] = [];
      let next: string | null = null;
      do {
        const sep = path.includes("?") ? "&" : "?";
        const r = await admin("GET", `${path}${sep}limit=2${next ? `&after=${next}` : ""}`);
        expect(r.status).toBe(200);
        pages.push(r.body.data.map((d: { id: string; name?: string }) => d.name ?? d.id));
        next = r.body.next;
      } while (next);
      return pages;
    };
    expect(await walk("/admin/v1/consumers")).toEqual([
      ["support", "pg-1"],
      ["pg-2", "pg-3"],
    ]);
    expect((await walk("/admin/v1/keys?consumer=pg-1")).flat()).toEqual(["pg-a", "pg-c"]);
    expect(await walk("/admin/v1/keys?consumer=pg-1")).toEqual([["pg-a", "pg-c"]]);
    expect(await walk("/admin/v1/tenants")).toEqual([["acme"]]);
    const whole = await admin("GET", "/admin/v1/teams");
    expect(whole.body).toEqual({ data: [expect.objectContaining({ id: "platform" })], next: null });
    const bad = await admin("GET", "/admin/v1/keys?limit=5000");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_parameter", param: "limit" });
    expect((await admin("GET", "/admin/v1/tenants?after=xyz")).body.error.param).toBe("after");
  });

  it("config-file keys keep working beside managed ones", async () => {
    expect(await status(hello(sdk(ENV.TOLLGATE_DEMO_KEY)))).toBe(200);
  });

  it("the CLI creates (printing the secret once), lists and revokes keys", async () => {
    // why: asynchronous child processes: the gateway answering them runs in this process.
    const tollgate = (args: string[], env: Record<string, string> = {}) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        execFile(
          process.execPath,
          [...CLI, "keys", ...args, "--admin-url", adminUrl],
          { env: { ...process.env, ...env } },
          (e, out, err) => resolve({ code: e ? Number(e.code ?? 1) : 0, out, err }),
        );
      });
    const made = await tollgate(["create", "--name", "cli-bot", "--models", "gpt-4o-mini"], {
      TOLLGATE_ADMIN_TOKEN: FULL,
    });
    expect(made.code).toBe(0);
    const secret = /^(tg-[0-9A-Za-z]{43})$/m.exec(made.out)![1]!;
    expect(made.out).toMatch(/shown once/);
    expect(await status(hello(sdk(secret)))).toBe(200);
    const listed = await tollgate(["list", "--token", READ]);
    expect(listed.out).toMatch(/cli-bot/);
    expect(listed.out).not.toContain(secret);
    const id = /created key cli-bot \((key_[^)]+)\)/.exec(made.out)![1]!;
    const denied = await tollgate(["revoke", id, "--token", READ]);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/403 read_only_token/);
    expect((await tollgate(["revoke", id, "--token", FULL])).code).toBe(0);
    expect(await status(hello(sdk(secret)))).toBe(401);
    const noToken = await tollgate(["list"], { TOLLGATE_ADMIN_TOKEN: "" });
    expect(noToken.err).toMatch(/no admin token/);
  }, 120_000);

  it("the usage CLI prints the ledger's sums as a table or JSON, and names a bad option", async () => {
    const tollgate = (args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        execFile(
          process.execPath,
          [...CLI, "usage", ...args, "--admin-url", adminUrl, "--token", READ],
          (e, out, err) => resolve({ code: e ? Number(e.code ?? 1) : 0, out, err }),
        );
      });
    // The ledger is written in batches off the request path: wait until the four answered calls are in.
    for (let i = 0; i < 100; i++) {
      const u = await admin("GET", "/admin/v1/usage?key=support-bot");
      if ((u.body.data[0]?.requests ?? 0) >= 4) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const json = await tollgate([
      "--group-by",
      "key,model",
      "--from",
      "1d",
      "--key",
      "support-bot",
      "--json",
    ]);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(r.group_by).toEqual(["key", "model"]);
    expect(Date.now() - Date.parse(r.from)).toBeGreaterThan(86_300_000);
    expect(r.data).toHaveLength(1);
    expect(r.data[0]).toMatchObject({ group: { key: "support-bot", model: "gpt-4o-mini" } });
    expect(r.data[0].requests).toBe(4);
    expect(r.data[0].total_tokens).toBeGreaterThan(0);
    const table = await tollgate(["--group-by", "key", "--from", "2026-01-01", "--to", "now"]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^KEY\s+REQUESTS\s+INPUT\s+OUTPUT\s+TOTAL\s+COST_USD$/m);
    expect(table.out).toMatch(new RegExp(`^support-bot\\s+${r.data[0].requests}\\s`, "m"));
    const badFrom = await tollgate(["--from", "last week"]);
    expect(badFrom.code).toBe(1);
    expect(badFrom.err).toMatch(/--from: expected an ISO date or time .* got 'last week'/);
    const badGroup = await tollgate(["--group-by", "colour"]);
    expect(badGroup.code).toBe(1);
    expect(badGroup.err).toMatch(/400 invalid_parameter: group_by: unknown dimension 'colour'/);
  }, 120_000);

  it("without an admin token the admin API is closed (403) and metrics stay open", async () => {
    const { token: _t, read_token: _r, ...open } = config.admin as Record<string, unknown>;
    expect(gateway.reload({ ...config, admin: open })).toEqual({ ok: true });
    const r = await admin("GET", "/admin/v1/keys");
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("admin_api_disabled");
    expect((await fetch(`${adminUrl}/metrics`)).status).toBe(200);
  });
});

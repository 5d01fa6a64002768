/**
 * Tenants, teams and consumers declared in the config file: config keys and managed keys join
 * them, their limits and model rules apply, the admin API shows them read-only (`source:
 * config`, 409 on a change), and a reload applies a changed file to the next request.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI, { type APIError } from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { ENV } from "./harness.js";

const ADMIN = "full-admin-token-0123456789";
const BOT = "tg-config-bot-00000";
const VIEWER = "tg-viewer-bot-00000";
let emu: Emulator;
let dir: string;
let gw: Gateway;
let url: string;
let adminUrl: string;

function config(tenantDeny: string[], consumerLimit: number): Record<string, unknown> {
  return {
    server: { host: "127.0.0.1", port: 0 },
    admin: { host: "127.0.0.1", port: 0, token: "{env://ADMIN_TOKEN}" },
    providers: {
      openai: { type: "openai", base_url: `http://127.0.0.1:${emu.port}/v1`, api_key: "sk-emulated-openai" },
    },
    models: [
      { name: "gpt-4o-mini", targets: [{ provider: "openai", model: "gpt-4o-mini" }] },
      { name: "gpt-4o", targets: [{ provider: "openai", model: "gpt-4o" }] },
      { name: "o3-mini", targets: [{ provider: "openai", model: "gpt-4o-mini" }] },
    ],
    tenants: [
      {
        id: "acme",
        name: "Acme",
        models: { deny: tenantDeny },
        limits: [{ metric: "total_tokens", limit: 1_000_000, window: "1d" }],
      },
    ],
    teams: [
      { id: "core", tenant: "acme", budgets: [{ id: "core-month", limit_usd: 1000 }] },
      { id: "narrow", tenant: "acme", models: { allow: ["gpt-4o*"] } },
    ],
    consumers: [
      { id: "support", team: "core", limits: [{ metric: "requests", limit: consumerLimit, window: "1h" }] },
      { id: "viewer", team: "narrow", models: { allow: ["gpt-4o*", "o3-mini"] } },
    ],
    keys: [
      { name: "config-bot", key: BOT, consumer: "support" },
      { name: "viewer-bot", key: VIEWER, consumer: "viewer" },
    ],
    logging: { level: "silent" },
    storage: { records: { backend: "sqlite", path: join(dir, "tollgate.db") } },
  };
}

beforeAll(async () => {
  emu = await startAllEmulators();
  dir = mkdtempSync(join(tmpdir(), "tollgate-config-entities-"));
  gw = createGateway({
    config: config(["gpt-4o"], 2),
    env: { ...ENV, ADMIN_TOKEN: ADMIN },
    logger: pino({ level: "silent" }),
  });
  const l = await gw.listen({ port: 0, host: "127.0.0.1", admin: true });
  url = l.url;
  adminUrl = l.adminUrl!;
});
afterAll(async () => {
  await gw?.close(0);
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const hello = (key: string, model = "gpt-4o-mini") =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions
    .create({ model, max_tokens: 5, messages: [{ role: "user", content: "hi" }] })
    .then(
      () => ({ status: 200, error: undefined }),
      (e: APIError) => ({ status: e.status, error: e.error as Record<string, unknown> }),
    );

describe("config-file tenants, teams and consumers", () => {
  it("a config key gets its consumer's limits and its tenant's model rules", async () => {
    expect((await hello(BOT)).status).toBe(200);
    expect((await hello(BOT, "gpt-4o")).status).toBe(404);
    expect((await hello(BOT)).status).toBe(200);
    const third = await hello(BOT);
    expect(third.status).toBe(429);
    expect(third.error).toMatchObject({
      code: "rate_limit_exceeded",
      limit: { scope: "consumer", scope_id: "support", limit: 2 },
    });
  });

  it("GET /v1/models lists what the consumer, team and tenant allow, and deny wins", async () => {
    const listed = async (key: string) =>
      (await new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 }).models.list()).data
        .map((m) => m.id)
        .sort();
    // The tenant denies gpt-4o: gone for every key below it.
    expect(await listed(BOT)).toEqual(["gpt-4o-mini", "o3-mini"]);
    // The team allows only gpt-4o*, so the consumer's o3-mini is not usable; the tenant's deny
    // beats both allow lists for gpt-4o.
    expect(await listed(VIEWER)).toEqual(["gpt-4o-mini"]);
    for (const model of ["gpt-4o", "o3-mini"]) {
      const err = await new OpenAI({ baseURL: `${url}/v1`, apiKey: VIEWER, maxRetries: 0 }).models
        .retrieve(model)
        .catch((e: APIError) => e);
      expect((err as APIError).status).toBe(404);
    }
    // A managed key of the config consumer gets the same chain.
    const made = await admin("POST", "/admin/v1/keys", { name: "managed-viewer", consumer: "viewer" });
    expect(made.status).toBe(201);
    expect(await listed(made.body.key)).toEqual(["gpt-4o-mini"]);
  });

  it("the admin API lists them first, marked source: config, and refuses to change them (409)", async () => {
    expect((await admin("POST", "/admin/v1/consumers", { id: "billing", team: "core" })).status).toBe(201);
    const list = await admin("GET", "/admin/v1/consumers");
    expect(list.body.data.map((c: { id: string; source: string }) => `${c.id}:${c.source}`)).toEqual([
      "support:config",
      "viewer:config",
      "billing:api",
    ]);
    expect((await admin("GET", "/admin/v1/tenants/acme")).body).toMatchObject({
      name: "Acme",
      source: "config",
    });
    for (const [method, path, body] of [
      ["PATCH", "/admin/v1/consumers/support", { name: "x" }],
      // A bad body does not matter: the entity cannot be changed here at all.
      ["PATCH", "/admin/v1/consumers/support", { limits: "lots", nope: 1 }],
      ["PATCH", "/admin/v1/tenants/acme", { models: { allow: 5 } }],
      ["DELETE", "/admin/v1/teams/core", undefined],
      ["POST", "/admin/v1/tenants", { id: "acme" }],
    ] as const) {
      const r = await admin(method, path, body);
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: "config_entity", param: "id" });
      expect(r.body.error.message).toMatch(/declared in the config file/);
    }
    const status = await admin("GET", "/admin/v1/status");
    expect(status.body.counts).toMatchObject({ config_tenants: 1, config_teams: 2, config_consumers: 2 });
  });

  it("a managed key of a config consumer resolves the config chain", async () => {
    const made = await admin("POST", "/admin/v1/keys", { name: "managed-bot", consumer: "support" });
    expect(made.status).toBe(201);
    // The consumer's request limit is shared with the config key, which used it up.
    expect((await hello(made.body.key)).status).toBe(429);
    const explain = await admin("GET", "/admin/v1/limits/explain?key=config-bot");
    expect(explain.body.data).toContainEqual(
      expect.objectContaining({ scope: "consumer", scope_id: "support", limit: 2, used: 2 }),
    );
  });

  it("explains a config consumer, team or tenant named without a key, with the entities above it", async () => {
    const rows = async (query: string) => {
      const r = await admin("GET", `/admin/v1/limits/explain?${query}`);
      expect(r.status).toBe(200);
      return (r.body.data as Array<{ scope: string; scope_id: string; id: string }>)
        .map((d) => `${d.scope}:${d.scope_id}/${d.id}`)
        .sort();
    };
    const consumerLimit = "consumer:support/requests/1h";
    const teamBudget = "team:core/core-month";
    const tenantLimit = "tenant:acme/total_tokens/1d";
    expect(await rows("consumer=support")).toEqual([consumerLimit, teamBudget, tenantLimit]);
    expect(await rows("team=core")).toEqual([teamBudget, tenantLimit]);
    expect(await rows("tenant=acme")).toEqual([tenantLimit]);
    const consumer = await admin("GET", "/admin/v1/limits/explain?consumer=support");
    expect(consumer.body.identity).toMatchObject({ consumer: "support", team: "core", tenant: "acme" });
    expect(consumer.body.data).toContainEqual(
      expect.objectContaining({ scope: "consumer", scope_id: "support", source: "identity", used: 2 }),
    );
    // A stored consumer of a config team: its own limit, then the config chain above it.
    const patched = await admin("PATCH", "/admin/v1/consumers/billing", {
      limits: [{ metric: "requests", limit: 7, window: "1m" }],
    });
    expect(patched.status).toBe(200);
    expect(await rows("consumer=billing")).toEqual(["consumer:billing/requests/1m", teamBudget, tenantLimit]);
    // A name nothing declares is still explained (admin documents may name it), with no policies.
    expect(await rows("consumer=nobody")).toEqual([]);
  });

  it("a reload applies the changed file to config and managed keys at once", async () => {
    expect(gw.reload(config([], 100))).toEqual({ ok: true });
    expect((await hello(BOT, "gpt-4o")).status).toBe(200);
    const managed = (await admin("GET", "/admin/v1/keys?consumer=support")).body.data[0];
    expect(managed.name).toBe("managed-bot");
    const rotated = await admin("POST", `/admin/v1/keys/${managed.id}/rotate`, { overlap_seconds: 0 });
    expect((await hello(rotated.body.key, "gpt-4o")).status).toBe(200);
    const bad = gw.reload({ ...config([], 100), teams: [{ id: "core", tenant: "acmee" }] });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain("teams[0].tenant: unknown tenant 'acmee' (did you mean 'acme'?)");
    expect((await hello(BOT, "gpt-4o")).status).toBe(200);
  });
});

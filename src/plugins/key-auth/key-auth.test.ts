import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { RequestContext } from "../../pipeline/context.js";
import type { PluginEnv } from "../../pipeline/plugin.js";
import { keyAuthPlugin } from "./key-auth.js";

const NO_ENTITIES = { tenants: [], teams: [], consumers: [] };
const env = (
  mode: "keys" | "none",
  keys: PluginEnv["root"]["keys"],
  entities: Partial<PluginEnv["root"]> = NO_ENTITIES,
): PluginEnv => ({
  logger: pino({ level: "silent" }),
  root: { auth: { mode }, keys, ...NO_ENTITIES, ...entities },
});
const serving = {
  models: new Map([
    ["m1", {}],
    ["m2", {}],
  ]),
};
const ctx = (headers: Record<string, string>, dialect = "openai") =>
  ({ headers, dialect, state: new Map(), serving }) as unknown as RequestContext;

describe("key-auth", () => {
  const plugin = keyAuthPlugin.create({}, env("keys", [{ name: "app", key: "tg-secret-1", models: ["m1"] }]));

  it("sets the identity from a Bearer key or x-api-key", async () => {
    const a = ctx({ authorization: "Bearer tg-secret-1" });
    expect(await plugin.access!(a)).toBeUndefined();
    expect(a.identity?.key).toBe("app");
    expect([...(a.identity?.models ?? [])]).toEqual(["m1"]);
    const b = ctx({ "x-api-key": "tg-secret-1" }, "anthropic");
    expect(await plugin.access!(b)).toBeUndefined();
    expect(b.identity?.key).toBe("app");
  });

  it("refuses a missing or wrong key with 401 and a stable code", async () => {
    expect(await plugin.access!(ctx({}))).toMatchObject({ refuse: { status: 401, code: "missing_api_key" } });
    expect(await plugin.access!(ctx({ authorization: "Bearer nope" }))).toMatchObject({
      refuse: { status: 401, code: "invalid_api_key" },
    });
  });

  it("is closed with no keys configured, and says how to add one", async () => {
    const none = keyAuthPlugin.create({}, env("keys", []));
    const v = await none.access!(ctx({ authorization: "Bearer anything" }));
    expect(v).toMatchObject({ refuse: { status: 401 } });
    expect((v as { refuse: Error }).refuse.message).toMatch(/add one under 'keys'/);
  });

  it("a config key joins the config's consumer, its team and tenant: their policies, narrowest first", async () => {
    const withEntities = keyAuthPlugin.create(
      {},
      env("keys", [{ name: "bot", key: "tg-secret-bot", consumer: "support", limits: [] }], {
        tenants: [{ id: "acme", models: { deny: ["m2"] } }],
        teams: [
          {
            id: "core",
            tenant: "acme",
            budget: { limit_usd: 9, period: "monthly", alignment: "calendar", enforcement: "hard" },
          },
        ],
        consumers: [
          { id: "support", team: "core", limits: [{ metric: "requests", limit: 5, window: "1m" }] },
        ],
      }),
    );
    const c = ctx({ authorization: "Bearer tg-secret-bot" });
    expect(await withEntities.access!(c)).toBeUndefined();
    expect(c.identity).toMatchObject({ key: "bot", consumer: "support", team: "core", tenant: "acme" });
    expect(c.identity?.policies?.map((p) => `${p.level}:${p.id}`)).toEqual([
      "key:bot",
      "consumer:support",
      "team:core",
      "tenant:acme",
    ]);
    expect(c.identity?.policies?.[2]).toMatchObject({ budgets: [{ limit_usd: 9 }] });
    // The tenant's deny reaches the key: only m1 is left of the models served.
    expect([...(c.identity?.models ?? [])]).toEqual(["m1"]);
  });

  it("lets everyone in with auth mode none, without an identity", async () => {
    const open = keyAuthPlugin.create({}, env("none", []));
    const c = ctx({});
    expect(await open.access!(c)).toBeUndefined();
    expect(c.identity).toBeUndefined();
  });

  describe("managed keys", () => {
    const secret = `tg-${"a".repeat(43)}`;
    const lookups: string[] = [];
    const managed = (answer: "found" | "none" | "down") => ({
      lookup: async (hash: string) => {
        lookups.push(hash);
        if (answer === "down") throw new Error("records store unavailable");
        if (answer === "none") return null;
        return {
          keyId: "key_1",
          key: "bot",
          consumer: "support",
          tenant: "acme",
          policies: [
            { level: "key" as const, id: "key_1", models: { allow: ["m1", "m2"] } },
            { level: "tenant" as const, id: "acme", models: { deny: ["m2"] } },
          ],
        };
      },
    });
    const withManaged = (answer: "found" | "none" | "down") =>
      keyAuthPlugin.create(
        {},
        { ...env("keys", [{ name: "app", key: "tg-secret-1" }]), managedKeys: managed(answer) },
      );

    it("fills names, policies and the folded models from the key cache", async () => {
      const c = ctx({ authorization: `Bearer ${secret}` });
      expect(await withManaged("found").access!(c)).toBeUndefined();
      expect(c.identity).toMatchObject({ key: "bot", consumer: "support", tenant: "acme" });
      expect([...(c.identity?.models ?? [])]).toEqual(["m1"]);
      expect(c.identity?.policies?.map((p) => p.level)).toEqual(["key", "tenant"]);
    });

    it("refuses unknown keys with 401, and answers 503 when the store cannot be asked", async () => {
      expect(await withManaged("none").access!(ctx({ authorization: `Bearer ${secret}` }))).toMatchObject({
        refuse: { status: 401, code: "invalid_api_key" },
      });
      expect(await withManaged("down").access!(ctx({ authorization: `Bearer ${secret}` }))).toMatchObject({
        refuse: { status: 503, code: "identity_unavailable" },
      });
    });

    it("asks the store only for keys shaped like managed ones", async () => {
      lookups.length = 0;
      await withManaged("found").access!(ctx({ authorization: "Bearer tg-not-managed-shape" }));
      await withManaged("found").access!(ctx({ authorization: "Bearer tg-secret-1" }));
      expect(lookups).toEqual([]);
    });
  });

  it("accepts a request an earlier auth plugin already identified, and keeps that identity", async () => {
    const c = ctx({ authorization: "Bearer eyJ.not-a-tollgate-key.x" });
    c.identity = { consumer: "alice" };
    expect(await plugin.access!(c)).toBeUndefined();
    expect(c.identity).toEqual({ consumer: "alice" });
    // without it, the same credential is refused
    expect(await plugin.access!(ctx({ authorization: "Bearer eyJ.not-a-tollgate-key.x" }))).toMatchObject({
      refuse: { status: 401, code: "invalid_api_key" },
    });
  });
});

import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { RequestContext } from "../../pipeline/context.js";
import type { PluginEnv } from "../../pipeline/plugin.js";
import { keyAuthPlugin } from "./key-auth.js";

const env = (mode: "keys" | "none", keys: PluginEnv["root"]["keys"]): PluginEnv => ({
  logger: pino({ level: "silent" }),
  root: { auth: { mode }, keys },
});
const ctx = (headers: Record<string, string>, dialect = "openai") =>
  ({ headers, dialect, state: new Map() }) as unknown as RequestContext;

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

  it("lets everyone in with auth mode none, without an identity", async () => {
    const open = keyAuthPlugin.create({}, env("none", []));
    const c = ctx({});
    expect(await open.access!(c)).toBeUndefined();
    expect(c.identity).toBeUndefined();
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

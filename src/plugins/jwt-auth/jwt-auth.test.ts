import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Issuer, startIssuer } from "../../../test/support/jwks.js";
import type { RequestContext } from "../../pipeline/context.js";
import type { Plugin, PluginEnv } from "../../pipeline/plugin.js";
import { jwtAuthConfigSchema } from "./config.js";
import { jwtAuthPlugin, looksLikeJwt } from "./jwt-auth.js";

const env = {} as PluginEnv;
const ctx = (headers: Record<string, string>, dialect = "openai") =>
  ({ headers, dialect, state: new Map() }) as unknown as RequestContext;
const bearer = (t: string) => ctx({ authorization: `Bearer ${t}` });
const now = () => Math.floor(Date.now() / 1000);

let iss: Issuer;
let plugin: Plugin;
beforeAll(async () => {
  iss = await startIssuer();
  plugin = jwtAuthPlugin.create(
    jwtAuthConfigSchema.parse({
      issuer: iss.issuer,
      jwks_url: iss.jwksUrl,
      audience: iss.audience,
      claims: { consumer: "sub", team: "grp.team", tenant: "org", models: "models" },
    }),
    env,
  );
});
afterAll(() => iss?.close());

async function refusal(token: string) {
  const v = await plugin.access!(bearer(token));
  expect(v).toBeDefined();
  return (v as { refuse: { status: number; code: string; message: string } }).refuse;
}

describe("jwt-auth", () => {
  it("tells JWTs from other credentials", async () => {
    expect(looksLikeJwt(await iss.sign({ sub: "a" }))).toBe(true);
    expect(looksLikeJwt("tg-test-key-0123456789")).toBe(false);
    expect(looksLikeJwt("a.b.c")).toBe(false);
    expect(looksLikeJwt(`${Buffer.from('{"x":1}').toString("base64url")}.e30.sig`)).toBe(false);
  });

  it("leaves a non-JWT credential (or none) to key-auth", async () => {
    const c = bearer("tg-test-key-0123456789");
    expect(await plugin.access!(c)).toBeUndefined();
    expect(c.identity).toBeUndefined();
    expect(await plugin.access!(ctx({}))).toBeUndefined();
  });

  for (const alg of ["RS256", "ES256"] as const) {
    it(`maps the claims of a valid ${alg} token onto the identity`, async () => {
      const token = await iss.sign(
        { sub: "alice", grp: { team: "search" }, org: "acme", models: ["gpt-4o-mini"] },
        { alg },
      );
      const c = bearer(token);
      expect(await plugin.access!(c)).toBeUndefined();
      expect(c.identity).toMatchObject({ consumer: "alice", team: "search", tenant: "acme" });
      expect([...(c.identity?.models ?? [])]).toEqual(["gpt-4o-mini"]);
    });
  }

  it("reads x-api-key too, and a space-separated models claim", async () => {
    const c = ctx({ "x-api-key": await iss.sign({ sub: "bob", models: "a b" }) }, "anthropic");
    expect(await plugin.access!(c)).toBeUndefined();
    expect(c.identity?.consumer).toBe("bob");
    expect([...(c.identity?.models ?? [])]).toEqual(["a", "b"]);
    expect(c.identity?.team).toBeUndefined();
  });

  it("says which check failed, with a stable code, and never echoes the token", async () => {
    const cases: Array<[Promise<string>, RegExp]> = [
      [iss.sign({ sub: "a", iss: "https://other.example" }), /issuer \(iss\)/],
      [iss.sign({ sub: "a", aud: "someone-else" }), /audience \(aud\)/],
      [iss.sign({ sub: "a" }, { expiresIn: now() - 3600 }), /expired/],
      [iss.sign({ sub: "a" }, { notBefore: now() + 3600 }), /not valid yet/],
      [iss.sign({ sub: "a" }, { foreign: true }), /signature does not verify/],
      [iss.sign({ sub: "a" }, { alg: "ES256", foreign: true }), /signature does not verify/],
      [iss.sign({ team: "x" }), /'sub' claim/],
      [iss.sign({ sub: "a", models: [1, 2] }), /'models' claim is not a list/],
    ];
    for (const [pending, why] of cases) {
      const token = await pending;
      const r = await refusal(token);
      expect(r).toMatchObject({ status: 401, code: "invalid_token" });
      expect(r.message).toMatch(why);
      expect(r.message).not.toContain(token.split(".")[1]);
      expect(r.message).not.toContain("other.example");
    }
  });

  it("allows clock skew within the tolerance", async () => {
    const c = bearer(await iss.sign({ sub: "a" }, { expiresIn: now() - 5 }));
    expect(await plugin.access!(c)).toBeUndefined();
  });

  it("refuses an algorithm the config does not allow", async () => {
    const rsOnly = jwtAuthPlugin.create(
      jwtAuthConfigSchema.parse({
        issuer: iss.issuer,
        jwks_url: iss.jwksUrl,
        audience: iss.audience,
        algorithms: ["RS256"],
      }),
      env,
    );
    const v = await rsOnly.access!(bearer(await iss.sign({ sub: "a" }, { alg: "ES256" })));
    expect(v).toMatchObject({ refuse: { status: 401, code: "invalid_token" } });
    expect((v as { refuse: Error }).refuse.message).toMatch(/algorithm is not allowed/);
  });

  it("caches the JWKS: many tokens, one fetch", async () => {
    const fresh = jwtAuthPlugin.create(
      jwtAuthConfigSchema.parse({ issuer: iss.issuer, jwks_url: iss.jwksUrl, audience: iss.audience }),
      env,
    );
    const before = iss.fetches();
    for (let i = 0; i < 5; i++) {
      expect(
        await fresh.access!(bearer(await iss.sign({ sub: `u${i}` }, { alg: i % 2 ? "ES256" : "RS256" }))),
      ).toBeUndefined();
    }
    expect(iss.fetches() - before).toBe(1);
  });

  it("answers 503 jwks_unavailable when the issuer's keys cannot be fetched", async () => {
    const broken = jwtAuthPlugin.create(
      jwtAuthConfigSchema.parse({
        issuer: iss.issuer,
        jwks_url: `${iss.issuer}/missing`,
        audience: iss.audience,
      }),
      env,
    );
    const v = await broken.access!(bearer(await iss.sign({ sub: "a" })));
    expect(v).toMatchObject({ refuse: { status: 503, code: "jwks_unavailable" } });
  });

  it("validates its config", () => {
    expect(jwtAuthConfigSchema.safeParse({ issuer: "x", jwks_url: "not a url", audience: "a" }).success).toBe(
      false,
    );
    expect(
      jwtAuthConfigSchema.safeParse({
        issuer: "x",
        jwks_url: "https://x/jwks",
        audience: "a",
        algorithms: ["HS256"],
      }).success,
    ).toBe(false);
  });
});

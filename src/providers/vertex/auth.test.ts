import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vertexEmulator } from "../../../test/emulators/gemini/index.js";
import { lastAssertion } from "../../../test/emulators/gemini/vertex-token.js";
import { type Emulator, startEmulator } from "../../../test/emulators/server.js";
import { testServiceAccount } from "../../../test/support/service-account.js";
import { ServiceAccountTokenSource } from "./auth.js";
import { parseServiceAccountKey } from "./config.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator([vertexEmulator]);
});
afterAll(() => emu.close());

const exchanges = () => emu.requests.filter((r) => r.path === "/token").length;

describe("vertex service-account tokens", () => {
  it("signs an RS256 assertion for the cloud-platform scope, audience = token_uri", () => {
    const key = parseServiceAccountKey(testServiceAccount("https://oauth2.googleapis.com/token"));
    const jwt = new ServiceAccountTokenSource(key, {
      provider: "v",
      now: () => 1_700_000_000_000,
    }).assertion();
    const [h, c, s] = jwt.split(".");
    expect(JSON.parse(Buffer.from(h!, "base64url").toString())).toEqual({
      alg: "RS256",
      typ: "JWT",
      kid: "0123456789abcdef",
    });
    expect(JSON.parse(Buffer.from(c!, "base64url").toString())).toEqual({
      iss: "gateway@tollgate-test.iam.gserviceaccount.com",
      scope: "https://www.googleapis.com/auth/cloud-platform",
      aud: "https://oauth2.googleapis.com/token",
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
    const pub = createPublicKey(key.private_key);
    expect(verify("RSA-SHA256", Buffer.from(`${h}.${c}`), pub, Buffer.from(s!, "base64url"))).toBe(true);
  });

  it("shares one exchange between concurrent requests and caches the token", async () => {
    const key = parseServiceAccountKey(testServiceAccount(`${emu.url}/token`));
    const source = new ServiceAccountTokenSource(key, { provider: "v" });
    const before = exchanges();
    const [a, b] = await Promise.all([source.token(), source.token()]);
    expect(a).toBe(b);
    expect(await source.token()).toBe(a);
    expect(exchanges() - before).toBe(1);
    expect(lastAssertion.claims).toMatchObject({ iss: "gateway@tollgate-test.iam.gserviceaccount.com" });
  });

  it("exchanges again once the token is about to expire", async () => {
    let now = 1_700_000_000_000;
    const key = parseServiceAccountKey(testServiceAccount(`${emu.url}/token`));
    const source = new ServiceAccountTokenSource(key, { provider: "v", now: () => now });
    const before = exchanges();
    const first = await source.token();
    now += 50 * 60_000; // 50 of the token's 60 minutes: still fresh
    expect(await source.token()).toBe(first);
    now += 6 * 60_000; // within the 5-minute margin
    const second = await source.token();
    expect(second).not.toBe(first);
    expect(exchanges() - before).toBe(2);
  });

  it("honours a token_url override over the key's token_uri", async () => {
    const key = parseServiceAccountKey(testServiceAccount("https://oauth2.googleapis.com/token"));
    const source = new ServiceAccountTokenSource(key, { provider: "v", tokenUrl: `${emu.url}/token` });
    const before = exchanges();
    expect(await source.token()).toMatch(/^ya29\.emu-/);
    expect(exchanges() - before).toBe(1);
    expect(lastAssertion.claims?.aud).toBe("https://oauth2.googleapis.com/token");
  });

  it("turns a refused exchange into an authentication error without secrets, and retries next time", async () => {
    const key = parseServiceAccountKey(testServiceAccount(`${emu.url}/token`));
    const source = new ServiceAccountTokenSource(key, { provider: "v", scope: "" });
    const err = await source.token().catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 401,
      kind: "authentication",
      code: "invalid_credentials",
      provider: "v",
    });
    expect(String((err as Error).message)).not.toContain("PRIVATE KEY");
    const before = exchanges();
    await source.token().catch(() => {});
    expect(exchanges() - before).toBe(1);
  });

  it("reports an unreachable token endpoint as upstream_unreachable", async () => {
    const key = parseServiceAccountKey(testServiceAccount("http://127.0.0.1:1/token"));
    await expect(new ServiceAccountTokenSource(key, { provider: "v" }).token()).rejects.toMatchObject({
      status: 502,
      code: "upstream_unreachable",
    });
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  parseAuthorization,
  TEST_SECRET_ACCESS_KEY,
  verifySignature,
} from "../../../test/emulators/bedrock/sigv4.js";
import { CANONICAL_INPUTS, expectGolden, loadCanonical } from "../../../test/support/golden.js";
import { GatewayError } from "../../canonical/errors.js";
import type { UpstreamRequest } from "../types.js";
import {
  CLAUDE,
  encodeBody,
  fixture,
  makeCtx,
  makeProvider,
  NOVA,
  userText,
} from "./__fixtures__/harness.js";
import { bedrockFamily, encodeModelId } from "./family.js";

const provider = makeProvider();

function view(r: UpstreamRequest): unknown {
  return { method: r.method, url: r.url, headers: r.headers, body: JSON.parse(String(r.body)) };
}

function errorView(err: unknown): unknown {
  if (!(err instanceof GatewayError)) throw err;
  return { error: { status: err.status, code: err.code, param: err.param, message: err.message } };
}

const body = encodeBody;
const user = userText;

describe("bedrock encode: shared canonical inputs", () => {
  for (const name of CANONICAL_INPUTS) {
    it(`${name} → expected upstream request (or refusal, and then the request with on_unsupported: drop)`, async () => {
      const req = loadCanonical(name);
      let strict: unknown;
      try {
        strict = view(await provider.chat.encode(req, makeCtx()));
      } catch (err) {
        strict = errorView(err);
      }
      expectGolden(fixture("requests", `${name}.json`), strict);
      if (!(strict as { error?: unknown }).error) return;
      const ctx = makeCtx(CLAUDE, "drop");
      const dropped = view(await provider.chat.encode(req, ctx));
      expectGolden(fixture("requests", `${name}.drop.json`), {
        ...(dropped as object),
        warnings: ctx.warnings,
      });
    });
  }
});

describe("bedrock encode: addressing and signing", () => {
  it("escapes the model id in the path and picks converse-stream for streams", async () => {
    const { req } = await body({ messages: [user("hi")], stream: true });
    expect(req.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream",
    );
    expect(req.headers.accept).toBe("application/vnd.amazon.eventstream");
    expect(encodeModelId("arn:aws:bedrock:us-east-1:123:inference-profile/x(y)")).toBe(
      "arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fx%28y%29",
    );
  });

  it("signs so that an independent SigV4 implementation agrees", async () => {
    const r = await provider.chat.encode({ model: "a", messages: [user("hi")], stream: false }, makeCtx());
    const url = new URL(r.url);
    const auth = parseAuthorization(r.headers.authorization)!;
    const headers = { ...r.headers, host: url.host };
    expect(verifySignature(auth, TEST_SECRET_ACCESS_KEY, "POST", url, headers)).toBe(true);
    expect(verifySignature(auth, "wrong-secret", "POST", url, headers)).toBe(false);
    expect(r.headers["x-amz-content-sha256"]).toBe(createHash("sha256").update(String(r.body)).digest("hex"));
  });

  it("signs for the base_url host, with the session token, and keeps configured headers", async () => {
    const p = makeProvider({
      base_url: "https://vpce-0abc.bedrock-runtime.us-west-2.vpce.amazonaws.com:8443/",
      region: "us-west-2",
      session_token: "SESSIONTOKEN",
      headers: { "x-team": "ml" },
    });
    const r = await p.chat.encode({ model: "a", messages: [user("hi")], stream: false }, makeCtx());
    expect(
      r.url.startsWith("https://vpce-0abc.bedrock-runtime.us-west-2.vpce.amazonaws.com:8443/model/"),
    ).toBe(true);
    expect(r.headers["x-amz-security-token"]).toBe("SESSIONTOKEN");
    expect(r.headers["x-team"]).toBe("ml");
    expect(r.headers.host).toBeUndefined();
    expect(r.headers.authorization).toMatch(
      /Credential=AKIATOLLGATETEST0001\/20250601\/us-west-2\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-team, Signature=[0-9a-f]{64}$/,
    );
    expect(p.origin).toBe("https://vpce-0abc.bedrock-runtime.us-west-2.vpce.amazonaws.com:8443");
  });

  it("uses the .cn domain in China regions", () => {
    expect(makeProvider({ region: "cn-north-1" }).origin).toBe(
      "https://bedrock-runtime.cn-north-1.amazonaws.com.cn",
    );
  });

  it("tells model families apart, including profiles, ARNs and the target override", () => {
    const fam = (model: string, extra: Record<string, unknown> = {}) =>
      bedrockFamily({ provider: "p", model, ...extra });
    expect(fam(CLAUDE)).toBe("anthropic");
    expect(fam("anthropic.claude-3-haiku-20240307-v1:0")).toBe("anthropic");
    expect(fam(NOVA)).toBe("amazon");
    expect(fam("arn:aws:bedrock:us-east-1:1:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0")).toBe(
      "meta",
    );
    expect(fam("arn:aws:bedrock:us-east-1:1:application-inference-profile/abc123")).toBe("other");
    expect(
      fam("arn:aws:bedrock:us-east-1:1:application-inference-profile/abc123", { family: "anthropic" }),
    ).toBe("anthropic");
  });
});

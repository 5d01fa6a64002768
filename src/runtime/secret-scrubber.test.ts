import { describe, expect, it } from "vitest";
import { makeScrubber, secretsOf } from "./secret-scrubber.js";

describe("secret scrubber", () => {
  const section = {
    type: "custom-server",
    base_url: "http://127.0.0.1:1/v1",
    api_key: "gsk_live.ABCDEFGHIJKLMNOP",
    headers: { "x-tenant-token": "tok-0123456789abc" },
    credentials: JSON.stringify({
      client_email: "svc@x.iam",
      private_key: "-----BEGIN PRIVATE KEY-----MIIEv",
    }),
    timeouts: { connect_ms: 1000 },
  };

  it("finds credential fields, header values and service-account fields, not ordinary settings", () => {
    const found = secretsOf(section);
    expect(found).toContain("gsk_live.ABCDEFGHIJKLMNOP");
    expect(found).toContain("tok-0123456789abc");
    expect(found).toContain("-----BEGIN PRIVATE KEY-----MIIEv");
    expect(found).not.toContain("http://127.0.0.1:1/v1");
    expect(found).not.toContain("custom-server");
  });

  it("scrubs whole values, partly masked echoes and regex metacharacters alike", () => {
    const scrub = makeScrubber(secretsOf(section));
    const body = `{"error":"Invalid key gsk_live.ABCDEFGHIJKLMNOP; also gsk_live.ABCD****MNOP; header tok-0123456789abc"}`;
    const out = scrub(body);
    expect(out).not.toContain("ABCDEFGH");
    expect(out).not.toContain("0123456789");
    expect(out).not.toContain("gsk_live");
    expect(out).toContain("Invalid key [redacted]");
    expect(JSON.parse(out).error).toMatch(/header \[redacted\]$/);
  });

  it("does not blank URLs or text that merely starts like a short secret", () => {
    const scrub = makeScrubber(
      secretsOf({ api_key: "mistral-emulated", token_uri: "https://oauth2.example/token" }),
    );
    expect(scrub('{"message":"model mistral-large-latest not found"}')).toBe(
      '{"message":"model mistral-large-latest not found"}',
    );
    expect(scrub("see https://oauth2.example/token")).toBe("see https://oauth2.example/token");
  });

  it("leaves text alone when nothing is configured", () => {
    expect(makeScrubber([])("sk-anything")).toBe("sk-anything");
  });
});

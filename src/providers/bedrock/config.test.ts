import { describe, expect, it } from "vitest";
import { bedrockProvider } from "./index.js";

const ok = { type: "bedrock", region: "eu-central-1", access_key_id: "AKIA1", secret_access_key: "s" };

describe("bedrock config", () => {
  it("accepts a minimal config, a session token and a VPC endpoint", () => {
    expect(bedrockProvider.schema.safeParse(ok).success).toBe(true);
    const full = {
      ...ok,
      session_token: "t",
      base_url: "https://vpce-1.bedrock-runtime.eu-central-1.vpce.amazonaws.com",
    };
    expect(bedrockProvider.schema.safeParse(full).success).toBe(true);
  });

  it("refuses a bad region, missing credentials and misspelt keys", () => {
    expect(bedrockProvider.schema.safeParse({ ...ok, region: "Frankfurt" }).success).toBe(false);
    expect(bedrockProvider.schema.safeParse({ ...ok, secret_access_key: undefined }).success).toBe(false);
    expect(bedrockProvider.schema.safeParse({ ...ok, secret_key: "s" }).success).toBe(false);
  });

  it("takes no keys (the AWS default chain, optionally a profile), or both keys", () => {
    const { access_key_id: _a, secret_access_key: _s, ...chain } = ok;
    expect(bedrockProvider.schema.safeParse(chain).success).toBe(true);
    expect(bedrockProvider.schema.safeParse({ ...chain, profile: "prod" }).success).toBe(true);
    const half = bedrockProvider.schema.safeParse({ ...chain, access_key_id: "AKIA1" });
    expect(half.error?.issues[0]?.path).toEqual(["secret_access_key"]);
    expect(bedrockProvider.schema.safeParse({ ...chain, session_token: "t" }).success).toBe(false);
    expect(bedrockProvider.schema.safeParse({ ...ok, profile: "prod" }).success).toBe(false);
  });

  it("targets may name the model family (application inference profiles)", () => {
    expect(bedrockProvider.targetSchema?.safeParse({ family: "anthropic" }).success).toBe(true);
    expect(bedrockProvider.targetSchema?.safeParse({ family: "openai" }).success).toBe(false);
  });

  it("creates a provider for the region's endpoint", () => {
    const p = bedrockProvider.create("aws", bedrockProvider.schema.parse(ok));
    expect(p.origin).toBe("https://bedrock-runtime.eu-central-1.amazonaws.com");
    expect(p.passthrough).toBeUndefined();
  });
});

/**
 * Bedrock credentials from the AWS SDK's default chain (issue 9, item 16), signed requests checked
 * by the emulator's SigV4 verification: environment variables, a shared credentials file profile,
 * and a clear error when the chain finds nothing. The instance metadata service is switched off,
 * so nothing here reaches the network.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBedrockProvider } from "../../../src/providers/bedrock/index.js";
import type { CodecContext } from "../../../src/providers/types.js";
import { loadCanonical } from "../../support/golden.js";
import { type Emulator, startEmulator } from "../server.js";
import { bedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "./index.js";

const VARS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CONFIG_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "HOME",
] as const;
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));

let emu: Emulator;
let home: string;
const ctx: CodecContext = {
  target: { provider: "aws", model: "anthropic.claude-3-5-sonnet-20240620-v1:0" },
  onUnsupported: "error",
  warn: () => {},
};

beforeAll(async () => {
  emu = await startEmulator([bedrockEmulator]);
});
afterAll(() => emu.close());

/** A clean AWS environment: an empty HOME, no keys, no metadata service. */
function cleanEnv(): void {
  home = mkdtempSync(join(tmpdir(), "tollgate-aws-"));
  for (const v of VARS) delete process.env[v];
  process.env.HOME = home;
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, "credentials");
  process.env.AWS_CONFIG_FILE = join(home, "config");
  process.env.AWS_EC2_METADATA_DISABLED = "true";
}
afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  rmSync(home, { recursive: true, force: true });
});

async function status(config: Record<string, unknown> = {}): Promise<number> {
  const p = createBedrockProvider("aws", {
    type: "bedrock",
    region: "us-east-1",
    base_url: emu.url,
    ...config,
  });
  const up = await p.chat.encode(loadCanonical("chat-basic"), ctx);
  const res = await request(up.url, { method: up.method, headers: up.headers, body: up.body });
  await res.body.dump();
  return res.statusCode;
}

describe("bedrock credentials: the AWS default chain", () => {
  it("signs with keys from the environment", async () => {
    cleanEnv();
    process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_SECRET_ACCESS_KEY;
    expect(await status()).toBe(200);
    process.env.AWS_SECRET_ACCESS_KEY = "not-the-secret";
    // A new provider reads the chain afresh; the emulator refuses the wrong signature.
    expect(await status()).toBe(403);
  });

  it("signs with a profile of the shared credentials file (AWS_PROFILE or the config's profile)", async () => {
    cleanEnv();
    writeFileSync(
      process.env.AWS_SHARED_CREDENTIALS_FILE!,
      `[default]\naws_access_key_id = AKIAWRONGWRONGWRONG\naws_secret_access_key = wrong\n\n[tollgate]\naws_access_key_id = ${TEST_ACCESS_KEY_ID}\naws_secret_access_key = ${TEST_SECRET_ACCESS_KEY}\n`,
    );
    expect(await status({ profile: "tollgate" })).toBe(200);
    process.env.AWS_PROFILE = "tollgate";
    expect(await status()).toBe(200);
  });

  it("keeps static keys as an option, ahead of the chain", async () => {
    cleanEnv();
    process.env.AWS_ACCESS_KEY_ID = "AKIAWRONGWRONGWRONG";
    process.env.AWS_SECRET_ACCESS_KEY = "wrong";
    expect(
      await status({ access_key_id: TEST_ACCESS_KEY_ID, secret_access_key: TEST_SECRET_ACCESS_KEY }),
    ).toBe(200);
  });

  it("says what to configure when the chain finds nothing", async () => {
    cleanEnv();
    await expect(status()).rejects.toMatchObject({
      status: 502,
      code: "provider_credentials_unavailable",
      message: expect.stringContaining("access_key_id"),
    });
  });
});

/**
 * Same-family carry to Claude on Bedrock (issue 9, item 15): an Anthropic client's top-level
 * fields that canonical form does not model ride in `additionalModelRequestFields`, which AWS
 * passes to Claude's native API, and a `cache_control` with Anthropic's extended `ttl` becomes a
 * Converse cache point with that ttl (CachePointBlock in the Bedrock API reference). The emulator,
 * which refuses a cache point ttl Bedrock does not know, accepts the result.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAnthropicRequest } from "../../../src/dialects/anthropic/parse-request.js";
import { createBedrockProvider } from "../../../src/providers/bedrock/index.js";
import type { UpstreamRequest } from "../../../src/providers/types.js";
import { type Emulator, startEmulator } from "../server.js";
import { bedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "./index.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator([bedrockEmulator]);
});
afterAll(() => emu.close());

const send = (up: UpstreamRequest) =>
  request(up.url, { method: up.method, headers: up.headers, body: up.body ?? null });

describe("bedrock claude: Anthropic fields Tollgate does not model", () => {
  it("are carried in additionalModelRequestFields, with the cache ttl on the cache point", async () => {
    const provider = createBedrockProvider("aws", {
      type: "bedrock",
      region: "us-east-1",
      access_key_id: TEST_ACCESS_KEY_ID,
      secret_access_key: TEST_SECRET_ACCESS_KEY,
      base_url: emu.url,
    });
    // Anthropic's prompt-caching docs (`ttl: "1h"`) and context-editing docs (`context_management`).
    const req = parseAnthropicRequest({
      model: "claude",
      max_tokens: 256,
      system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral", ttl: "1h" } }],
      messages: [{ role: "user", content: "Weather in Paris?" }],
      context_management: { edits: [{ type: "clear_tool_uses_20250919" }] },
    });
    const warnings: string[] = [];
    const ctx = {
      target: { provider: "aws", model: "anthropic.claude-sonnet-4-5-20250929-v1:0" },
      onUnsupported: "error" as const,
      warn: (m: string) => warnings.push(m),
    };
    const up = await provider.chat.encode(req, ctx);
    const body = JSON.parse(String(up.body));
    expect(body.system).toEqual([{ text: "Be brief." }, { cachePoint: { type: "default", ttl: "1h" } }]);
    expect(body.additionalModelRequestFields).toEqual({
      context_management: { edits: [{ type: "clear_tool_uses_20250919" }] },
    });
    expect(warnings).toEqual([]);
    const res = await send(up);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });

  it("is refused by the emulator for a cache point ttl Bedrock does not know", async () => {
    const provider = createBedrockProvider("aws", {
      type: "bedrock",
      region: "us-east-1",
      access_key_id: "AKIAOTHERKEY00000001",
      secret_access_key: "other",
      base_url: emu.url,
    });
    const ctx = {
      target: { provider: "aws", model: "anthropic.claude-sonnet-4-5-20250929-v1:0" },
      onUnsupported: "error" as const,
      warn: () => {},
    };
    const up = await provider.chat.encode(
      parseAnthropicRequest({ model: "c", max_tokens: 9, messages: [{ role: "user", content: "Hi" }] }),
      ctx,
    );
    const body = JSON.parse(String(up.body));
    body.system = [{ text: "x" }, { cachePoint: { type: "default", ttl: "2h" } }];
    // The emulator verifies signatures only for its test key, so the edited body needs no new one.
    const res = await send({ ...up, body: JSON.stringify(body) });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toContain("ttl");
  });
});

/**
 * Same-family carry (issue 9, item 15): an Anthropic client's fields that canonical form does not
 * model reach Claude on Vertex as they came, and the Vertex Claude emulator (which refuses
 * unknown fields as the Messages API does) accepts the result.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAnthropicRequest } from "../../../src/dialects/anthropic/parse-request.js";
import { vertexConfigSchema } from "../../../src/providers/vertex/config.js";
import { vertexProvider } from "../../../src/providers/vertex/index.js";
import { emulatedGoogleCloud } from "../../support/service-account.js";
import { type Emulator, startEmulator } from "../server.js";
import { vertexAnthropicEmulator, vertexEmulator } from "./index.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator([vertexEmulator, vertexAnthropicEmulator]);
});
afterAll(() => emu.close());

describe("vertex claude: Anthropic fields Tollgate does not model", () => {
  it("are carried, and accepted", async () => {
    const provider = vertexProvider.create(
      "gcp",
      vertexConfigSchema.parse({ type: "vertex", ...emulatedGoogleCloud(emu.url) }),
    );
    // Anthropic's prompt-caching docs: `cache_control` with a `ttl` of "1h", on a tool and on a
    // system block; and `context_management`, a top-level field canonical form has no name for.
    const req = parseAnthropicRequest({
      model: "claude-sonnet-4-5",
      max_tokens: 256,
      system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral", ttl: "1h" } }],
      tools: [
        {
          name: "get_weather",
          input_schema: { type: "object", properties: { city: { type: "string" } } },
          cache_control: { type: "ephemeral", ttl: "1h" },
        },
      ],
      messages: [{ role: "user", content: "Weather in Paris?" }],
      context_management: { edits: [{ type: "clear_tool_uses_20250919" }] },
    });
    const ctx = {
      target: { provider: "gcp", model: "claude-sonnet-4-5@20250929" },
      onUnsupported: "error" as const,
      warn: () => {},
    };
    const up = await provider.chat.encode(req, ctx);
    const body = JSON.parse(String(up.body));
    expect(body.tools[0].cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
    expect(body.system[0].cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
    expect(body.context_management).toEqual({ edits: [{ type: "clear_tool_uses_20250919" }] });
    const res = await request(up.url, { method: "POST", headers: up.headers, body: up.body ?? null });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });
});

/**
 * Bedrock's CountTokens: the ConverseTokensRequest a count becomes (the shape of AWS's API
 * reference, API_runtime_CountTokens.html, and `CountTokensCommandInput` in aws-sdk-js-v3), signed
 * and answered by the emulator, which refuses what the real API refuses.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bedrockEmulator } from "../../../test/emulators/bedrock/index.js";
import { type Emulator, startEmulator } from "../../../test/emulators/server.js";
import { parseAnthropicCountTokens } from "../../dialects/anthropic/count-tokens.js";
import type { Provider, UpstreamRequest } from "../types.js";
import { CLAUDE, makeCtx, makeProvider, NOVA, TEST_CONFIG } from "./__fixtures__/harness.js";
import { BedrockSigner } from "./auth.js";

let emu: Emulator;
let provider: Provider;
beforeAll(async () => {
  emu = await startEmulator([bedrockEmulator]);
  provider = makeProvider({ base_url: emu.url });
});
afterAll(() => emu.close());

const { chat, body } = parseAnthropicCountTokens({
  model: "claude",
  system: "Be brief.",
  messages: [{ role: "user", content: "What is the weather in Paris today?" }],
  tools: [
    { name: "get_weather", input_schema: { type: "object", properties: { city: { type: "string" } } } },
  ],
});

const send = (up: UpstreamRequest) =>
  request(up.url, { method: up.method, headers: up.headers, body: up.body ?? null });

describe("bedrock count tokens", () => {
  it("sends the Converse form to the foundation model's count-tokens, and reads inputTokens", async () => {
    const ctx = makeCtx(CLAUDE);
    const up = (await provider.countTokens!.encode(chat, body, ctx))!;
    // The cross-region profile prefix (`us.`) is gone: CountTokens refuses profile ids.
    expect(new URL(up.url).pathname).toBe("/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/count-tokens");
    expect(JSON.parse(String(up.body))).toEqual({
      input: {
        converse: {
          messages: [{ role: "user", content: [{ text: "What is the weather in Paris today?" }] }],
          system: [{ text: "Be brief." }],
          toolConfig: {
            tools: [
              {
                toolSpec: {
                  name: "get_weather",
                  inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } },
                },
              },
            ],
          },
        },
      },
    });
    const res = await send(up);
    expect(res.statusCode).toBe(200);
    const answer = await res.body.json();
    expect(provider.countTokens!.decode(answer, ctx)).toBe((answer as { inputTokens: number }).inputTokens);
    expect((answer as { inputTokens: number }).inputTokens).toBeGreaterThan(0);
  });

  it("leaves models that cannot count to the estimate", async () => {
    expect(await provider.countTokens!.encode(chat, body, makeCtx(NOVA))).toBeUndefined();
  });

  it("is refused by the emulator for a profile id or a Converse-only field, as Bedrock refuses", async () => {
    const up = (await provider.countTokens!.encode(chat, body, makeCtx(CLAUDE)))!;
    const signer = new BedrockSigner(TEST_CONFIG, {}, "bedrock-test");
    const headers = { "content-type": "application/json" };
    const profileUrl = up.url.replace("/model/anthropic.", "/model/us.anthropic.");
    const viaProfile = await send(await signer.sign(profileUrl, headers, String(up.body)));
    expect(viaProfile.statusCode).toBe(400);
    expect(await viaProfile.body.text()).toContain("doesn't support counting tokens");
    const sent = JSON.parse(String(up.body));
    sent.input.converse.inferenceConfig = { maxTokens: 10 };
    const extra = await send(await signer.sign(up.url, headers, JSON.stringify(sent)));
    expect(extra.statusCode).toBe(400);
    expect(await extra.body.text()).toContain("inferenceConfig");
  });
});

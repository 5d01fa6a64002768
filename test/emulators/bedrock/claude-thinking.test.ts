/**
 * Reasoning for Claude on Bedrock (issue 9, item 12) against an emulator that refuses what Claude
 * refuses with thinking on (`claude-thinking.ts`, from AWS's extended-thinking guide for Claude):
 * `reasoning_effort` becomes a budget that fits below `max_tokens` with `temperature` dropped, and
 * an assistant turn's reasoning and signature are replayed as `reasoningContent`. The old codec
 * refused `reasoning_effort` for Claude and sent no reasoning back, which these requests catch.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../../src/canonical/index.js";
import { BedrockSigner } from "../../../src/providers/bedrock/auth.js";
import { createBedrockProvider } from "../../../src/providers/bedrock/index.js";
import type { UpstreamRequest } from "../../../src/providers/types.js";
import { type Emulator, startEmulator } from "../server.js";
import { bedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "./index.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator([bedrockEmulator]);
});
afterAll(() => emu.close());

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const ctx = {
  target: { provider: "aws", model: MODEL },
  onUnsupported: "error" as const,
  warn: () => {},
};
const provider = () =>
  createBedrockProvider("aws", {
    type: "bedrock",
    region: "us-east-1",
    access_key_id: TEST_ACCESS_KEY_ID,
    secret_access_key: TEST_SECRET_ACCESS_KEY,
    base_url: emu.url,
  });

async function send(up: UpstreamRequest): Promise<{ status: number; text: string }> {
  const res = await request(up.url, { method: up.method, headers: up.headers, body: up.body ?? null });
  return { status: res.statusCode, text: await res.body.text() };
}

/** A Converse body of the test's own, signed as the codec signs (SigV4 with the test key). */
async function raw(body: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const signer = new BedrockSigner({
    region: "us-east-1",
    access_key_id: TEST_ACCESS_KEY_ID,
    secret_access_key: TEST_SECRET_ACCESS_KEY,
  });
  const url = `${emu.url}/model/${encodeURIComponent(MODEL)}/converse`;
  return send(await signer.sign(url, { "content-type": "application/json" }, JSON.stringify(body)));
}

const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });
const WEATHER = [{ name: "get_weather", parameters: { type: "object", properties: {} } }];

describe("the Bedrock emulator refuses what Claude refuses while thinking", () => {
  const thinking = (budget: number) => ({ thinking: { type: "enabled", budget_tokens: budget } });
  const hi = [{ role: "user", content: [{ text: "Hi" }] }];
  it.each([
    ["a budget under 1024", { additionalModelRequestFields: thinking(512) }, "greater than or equal to 1024"],
    [
      "a budget not below maxTokens",
      { additionalModelRequestFields: thinking(4096), inferenceConfig: { maxTokens: 2000 } },
      "`max_tokens` must be greater than `thinking.budget_tokens`",
    ],
    [
      "a temperature other than 1",
      {
        additionalModelRequestFields: thinking(2048),
        inferenceConfig: { maxTokens: 4096, temperature: 0.3 },
      },
      "`temperature` may only be set to 1",
    ],
    ["top_k", { additionalModelRequestFields: { ...thinking(2048), top_k: 5 } }, "`top_k` is not supported"],
  ])("%s", async (_what, extra, message) => {
    const res = await raw({ messages: hi, ...extra });
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
  });

  it("takes the same request without thinking", async () => {
    const res = await raw({ messages: hi, inferenceConfig: { maxTokens: 2000, temperature: 0.3 } });
    expect(res.status).toBe(200);
  });
});

describe("reasoning for Claude on Bedrock through the codec", () => {
  it("fits reasoning_effort below max_tokens and drops temperature, which the emulator accepts", async () => {
    const req: ChatRequest = {
      model: "claude",
      stream: false,
      messages: [user("Think, then say hi")],
      reasoning: { effort: "high" },
      temperature: 0.3,
      max_tokens: 2000,
    };
    const up = await provider().chat.encode(req, ctx);
    expect(JSON.parse(String(up.body)).additionalModelRequestFields.thinking).toEqual({
      type: "enabled",
      budget_tokens: 1999,
    });
    expect((await send(up)).status).toBe(200);
  });

  // The turn as Claude answered it on Converse: a reasoningContent block (text and signature, the
  // ReasoningContentBlock of the Bedrock API reference) before the toolUse.
  const loop = (withReasoning: boolean): ChatRequest => ({
    model: "claude",
    stream: false,
    reasoning: { effort: "low" },
    tools: WEATHER,
    messages: [
      user("Weather in Paris?"),
      {
        role: "assistant",
        content: withReasoning
          ? [{ type: "thinking", text: "I should call the tool.", signature: "EqQBCkgIARAB" }]
          : [],
        tool_calls: [{ id: "tooluse_1", name: "get_weather", arguments: "{}" }],
      },
      { role: "tool", tool_call_id: "tooluse_1", content: [{ type: "text", text: "18C and sunny" }] },
    ],
  });

  it("replays an assistant turn's reasoning and signature as reasoningContent", async () => {
    const up = await provider().chat.encode(loop(true), ctx);
    expect(JSON.parse(String(up.body)).messages[1].content[0]).toEqual({
      reasoningContent: { reasoningText: { text: "I should call the tool.", signature: "EqQBCkgIARAB" } },
    });
    expect((await send(up)).status).toBe(200);
  });

  it("is refused by the emulator when the reasoning is not sent back", async () => {
    const res = await send(await provider().chat.encode(loop(false), ctx));
    expect(res.status).toBe(400);
    expect(res.text).toContain("must start with a thinking block");
  });
});

/**
 * Token counting on Vertex AI: Claude's `count-tokens:rawPredict` (the body of Google's example,
 * https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/count-tokens, with
 * the `anthropic_version` Anthropic's Vertex SDK adds) and Gemini's `countTokens` (the
 * CountTokensRequest of the Vertex REST reference and of `@google/genai`'s
 * countTokensParametersToVertex), answered by the emulators, which refuse what Vertex refuses.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vertexAnthropicEmulator, vertexEmulator } from "../../../test/emulators/gemini/index.js";
import { type Emulator, startEmulator } from "../../../test/emulators/server.js";
import { emulatedGoogleCloud } from "../../../test/support/service-account.js";
import { parseAnthropicCountTokens } from "../../dialects/anthropic/count-tokens.js";
import type { CodecContext, Provider, UpstreamRequest } from "../types.js";
import { vertexConfigSchema } from "./config.js";
import { createVertex } from "./index.js";

let emu: Emulator;
let vertex: Provider;
beforeAll(async () => {
  emu = await startEmulator([vertexEmulator, vertexAnthropicEmulator]);
  vertex = createVertex("gcp", vertexConfigSchema.parse({ type: "vertex", ...emulatedGoogleCloud(emu.url) }));
});
afterAll(() => emu.close());

const ctx = (model: string): CodecContext => ({
  target: { provider: "gcp", model },
  warn: () => {},
  onUnsupported: "error",
});
const PARAMS = {
  system: "Be brief.",
  messages: [{ role: "user", content: "What is the weather in Paris today?" }],
  tools: [
    { name: "get_weather", input_schema: { type: "object", properties: { city: { type: "string" } } } },
  ],
};
const { chat, body } = parseAnthropicCountTokens({ model: "claude-sonnet-4-5@20250929", ...PARAMS });
const CONTENTS = [{ role: "user", parts: [{ text: "What is the weather in Paris today?" }] }];
const SYSTEM = { parts: [{ text: "Be brief." }] };
const TOOLS = [
  {
    functionDeclarations: [
      { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
    ],
  },
];
const ROOT = "/v1/projects/tollgate-test/locations/us-central1/publishers";

const send = (up: UpstreamRequest, b: unknown = JSON.parse(String(up.body))) =>
  request(up.url, { method: up.method, headers: up.headers, body: JSON.stringify(b) });

describe("vertex claude count tokens", () => {
  it("posts the client's body, naming the model, to count-tokens:rawPredict", async () => {
    const c = ctx("claude-sonnet-4-5@20250929");
    const up = (await vertex.countTokens!.encode(chat, body, c))!;
    expect(new URL(up.url).pathname).toBe(`${ROOT}/anthropic/models/count-tokens:rawPredict`);
    expect(JSON.parse(String(up.body))).toEqual({
      anthropic_version: "vertex-2023-10-16",
      model: "claude-sonnet-4-5@20250929",
      ...PARAMS,
    });
    const res = await send(up);
    expect(res.statusCode).toBe(200);
    expect(vertex.countTokens!.decode(await res.body.json(), c)).toBeGreaterThan(0);
  });

  it("is refused by the emulator without the model, or with a generation field", async () => {
    const up = (await vertex.countTokens!.encode(chat, body, ctx("claude-sonnet-4-5@20250929")))!;
    const { model: _, ...nameless } = JSON.parse(String(up.body));
    const res = await send(up, nameless);
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toContain("model: Field required");
    const generation = await send(up, { ...nameless, model: "claude-sonnet-4-5@20250929", max_tokens: 5 });
    expect(generation.statusCode).toBe(400);
    expect(await generation.body.text()).toContain("max_tokens: Extra inputs are not permitted");
  });
});

describe("gemini count tokens (Vertex AI)", () => {
  it("sends the top-level CountTokensRequest fields to the google publisher, and reads totalTokens", async () => {
    const up = await vertex.countTokens!.encode(chat, body, ctx("gemini-2.5-flash"));
    expect(new URL(up!.url).pathname).toBe(`${ROOT}/google/models/gemini-2.5-flash:countTokens`);
    expect(JSON.parse(String(up!.body))).toEqual({
      contents: CONTENTS,
      systemInstruction: SYSTEM,
      tools: TOOLS,
    });
    const res = await send(up!);
    expect(res.statusCode).toBe(200);
    expect(vertex.countTokens!.decode(await res.body.json(), ctx("gemini-2.5-flash"))).toBeGreaterThan(0);
  });

  it("is refused by the emulator with a field CountTokensRequest lacks", async () => {
    const up = (await vertex.countTokens!.encode(chat, body, ctx("gemini-2.5-flash")))!;
    const res = await send(up, {
      contents: CONTENTS,
      toolConfig: { functionCallingConfig: { mode: "AUTO" } },
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toContain('Unknown name \\"toolConfig\\"');
  });
});

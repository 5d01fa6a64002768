/**
 * Gemini's `models.countTokens` on AI Studio: the body its API reference documents
 * (https://ai.google.dev/api/tokens#method:-models.counttokens), answered by the emulator, which
 * refuses the shapes the real API refuses. Vertex AI's form: vertex/count-tokens.test.ts.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geminiEmulator } from "../../../test/emulators/gemini/index.js";
import { type Emulator, startEmulator } from "../../../test/emulators/server.js";
import { parseAnthropicCountTokens } from "../../dialects/anthropic/count-tokens.js";
import type { CodecContext, Provider, UpstreamRequest } from "../types.js";
import { geminiProvider } from "./index.js";

let emu: Emulator;
let studio: Provider;
beforeAll(async () => {
  emu = await startEmulator([geminiEmulator]);
  studio = geminiProvider.create("google", {
    type: "gemini",
    api_key: "AIzaSyEmulatorKey",
    base_url: emu.url,
  });
});
afterAll(() => emu.close());

const ctx = (model = "gemini-2.5-flash"): CodecContext => ({
  target: { provider: "google", model },
  warn: () => {},
  onUnsupported: "error",
});
const { chat, body } = parseAnthropicCountTokens({
  model: "gemini",
  system: "Be brief.",
  messages: [{ role: "user", content: "What is the weather in Paris today?" }],
  tools: [
    { name: "get_weather", input_schema: { type: "object", properties: { city: { type: "string" } } } },
  ],
});
const CONTENTS = [{ role: "user", parts: [{ text: "What is the weather in Paris today?" }] }];
const SYSTEM = { parts: [{ text: "Be brief." }] };
const TOOLS = [
  {
    functionDeclarations: [
      { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
    ],
  },
];

const send = (up: UpstreamRequest, b: unknown = JSON.parse(String(up.body))) =>
  request(up.url, { method: up.method, headers: up.headers, body: JSON.stringify(b) });

describe("gemini count tokens (AI Studio)", () => {
  it("sends a generateContentRequest naming the model, and reads totalTokens", async () => {
    const up = await studio.countTokens!.encode(chat, body, ctx());
    expect(new URL(up!.url).pathname).toBe("/v1beta/models/gemini-2.5-flash:countTokens");
    expect(JSON.parse(String(up!.body))).toEqual({
      generateContentRequest: {
        model: "models/gemini-2.5-flash",
        contents: CONTENTS,
        systemInstruction: SYSTEM,
        tools: TOOLS,
      },
    });
    const res = await send(up!);
    expect(res.statusCode).toBe(200);
    const n = studio.countTokens!.decode(await res.body.json(), ctx());
    expect(n).toBeGreaterThan(0);
  });

  it("is refused by the emulator with the system instruction beside contents, or without the model", async () => {
    const up = (await studio.countTokens!.encode(chat, body, ctx()))!;
    const flat = await send(up, { contents: CONTENTS, systemInstruction: SYSTEM });
    expect(flat.statusCode).toBe(400);
    expect(await flat.body.text()).toContain('Unknown name \\"systemInstruction\\"');
    const nameless = await send(up, { generateContentRequest: { contents: CONTENTS } });
    expect(nameless.statusCode).toBe(400);
    await nameless.body.dump();
  });
});

/**
 * The Vercel AI SDK's default OpenAI provider (`openai(model)` speaks the Responses API) against
 * the real gateway, in front of every provider's emulator: `generateText`, `streamText`, and a
 * tool the SDK runs itself over two steps (the second step sends the first's items back as
 * `item_reference`s, resolved from the stored response).
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, stepCountIs, streamText, tool } from "ai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { conformanceConfig, modelName, TARGETS } from "../conformance/targets.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { DEFAULT_ANSWER } from "../emulators/plan.js";

const KEY = "tg-ai-sdk-key-0123456789";
const MODELS = TARGETS.map((t) => modelName(t));

let emulators: Emulator[];
let gateway: Gateway;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  const all = await startAllEmulators();
  const local = await startLocalEmulators();
  emulators = [all, local];
  const config = conformanceConfig({ all: all.url, local: local.url }, KEY);
  config.storage = { records: { backend: "sqlite", path: ":memory:" } };
  gateway = createGateway({ config, env: {}, logger: pino({ level: "silent" }) });
  const { url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false });
  openai = createOpenAI({ baseURL: `${url}/v1`, apiKey: KEY });
});
afterAll(async () => {
  await gateway?.close(0);
  for (const e of emulators ?? []) await e.close();
});

const weather = tool({
  description: "Weather for a city",
  inputSchema: z.object({ location: z.string(), unit: z.string() }),
  execute: async ({ location }) => ({ location, temperature: 18, sky: "sunny" }),
});

describe.each(MODELS)("AI SDK (Responses API) → %s", (model) => {
  it("generateText", async () => {
    const res = await generateText({ model: openai(model), prompt: "Hello", maxRetries: 0 });
    expect(res.text).toBe(DEFAULT_ANSWER);
    expect(res.finishReason).toBe("stop");
    expect(res.usage.inputTokens).toBeGreaterThan(0);
    expect(res.usage.outputTokens).toBeGreaterThan(0);
  });

  it("streamText", async () => {
    const res = streamText({ model: openai(model), prompt: "Hello", maxRetries: 0 });
    let text = "";
    for await (const part of res.textStream) text += part;
    expect(text).toBe(DEFAULT_ANSWER);
    expect(await res.finishReason).toBe("stop");
    expect((await res.usage).outputTokens).toBeGreaterThan(0);
  });

  it.each([false, true])("runs a tool over two steps (streamed: %s)", async (streamed) => {
    const args = {
      model: openai(model),
      prompt: "Weather in Paris?",
      tools: { get_weather: weather },
      stopWhen: stepCountIs(2),
      maxRetries: 0,
    };
    const res = streamed ? streamText(args) : await generateText(args);
    const steps = await res.steps;
    expect(steps).toHaveLength(2);
    const call = steps[0]!.toolCalls[0];
    expect(call?.toolName).toBe("get_weather");
    expect(call?.input).toEqual({ location: "Paris", unit: "celsius" });
    expect(await res.text).toContain("Paris");
    expect(await res.finishReason).toBe("stop");
  });
});

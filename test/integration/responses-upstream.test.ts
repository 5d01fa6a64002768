/**
 * `api: responses` on an OpenAI target: Chat Completions (`openai` SDK) and Messages
 * (`@anthropic-ai/sdk`) clients reach a model through OpenAI's Responses API, streamed and not,
 * with a tool call; the emulator refuses any field the Responses API does not define.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { DEFAULT_ANSWER } from "../emulators/plan.js";

const KEY = "tg-responses-upstream-0123456789";
const MODEL = "gpt-via-responses";
const TOOL = { name: "get_weather", description: "Weather", parameters: { type: "object", properties: {} } };

let emulator: Emulator;
let gateway: Gateway;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  emulator = await startAllEmulators();
  gateway = createGateway({
    config: {
      server: { host: "127.0.0.1", port: 0 },
      providers: { oai: { type: "openai", base_url: `${emulator.url}/v1`, api_key: "sk-emulated" } },
      models: [{ name: MODEL, targets: [{ provider: "oai", model: "gpt-4o", api: "responses" }] }],
      keys: [{ name: "app", key: KEY }],
      logging: { level: "silent" },
    },
    env: {},
    logger: pino({ level: "silent" }),
  });
  const { url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false });
  openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: url, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close(0);
  await emulator?.close();
});

const upstreamPaths = () => emulator.requests.filter((r) => r.op === "chat").map((r) => r.path);

describe("an `api: responses` target", () => {
  it("serves Chat Completions clients, JSON and streamed", async () => {
    const before = emulator.requests.length;
    const res = await openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(res.choices[0]!.message.content).toBe(DEFAULT_ANSWER);
    expect(res.usage?.completion_tokens).toBeGreaterThan(0);
    const stream = await openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage = 0;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? "";
      usage = c.usage?.completion_tokens ?? usage;
    }
    expect(text).toBe(DEFAULT_ANSWER);
    expect(usage).toBeGreaterThan(0);
    expect(upstreamPaths().slice(before)).toEqual(["/v1/responses", "/v1/responses"]);
  });

  it.each([false, true])("serves a tool loop to Chat Completions clients (stream: %s)", async (stream) => {
    const tools = [{ type: "function" as const, function: TOOL }];
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "Weather?" }];
    let call: { id: string; name: string; args: string } | undefined;
    if (stream) {
      const s = await openai.chat.completions.create({ model: MODEL, messages, tools, stream: true });
      for await (const c of s) {
        const tc = c.choices[0]?.delta.tool_calls?.[0];
        if (tc?.id) call = { id: tc.id, name: tc.function?.name ?? "", args: "" };
        if (call && tc?.function?.arguments) call.args += tc.function.arguments;
      }
    } else {
      const res = await openai.chat.completions.create({ model: MODEL, messages, tools });
      const tc = res.choices[0]!.message.tool_calls?.[0];
      if (tc?.type === "function") call = { id: tc.id, name: tc.function.name, args: tc.function.arguments };
    }
    expect(call?.name).toBe("get_weather");
    expect(JSON.parse(call!.args)).toEqual({ location: "Paris", unit: "celsius" });
    const next = await openai.chat.completions.create({
      model: MODEL,
      tools,
      messages: [
        ...messages,
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: call!.id, type: "function", function: { name: call!.name, arguments: call!.args } },
          ],
        },
        { role: "tool", tool_call_id: call!.id, content: '{"temp":18}' },
      ],
    });
    expect(next.choices[0]!.message.content).toContain("Paris");
  });

  it("serves Messages clients, JSON and streamed", async () => {
    const msg = await anthropic.messages.create({
      model: MODEL,
      max_tokens: 256,
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(msg.content[0]?.type === "text" && msg.content[0].text).toBe(DEFAULT_ANSWER);
    const stream = anthropic.messages.stream({
      model: MODEL,
      max_tokens: 256,
      messages: [{ role: "user", content: "Hi" }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]?.type === "text" && final.content[0].text).toBe(DEFAULT_ANSWER);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it("refuses a parameter the Responses API has no field for", async () => {
    await expect(
      openai.chat.completions.create({
        model: MODEL,
        messages: [{ role: "user", content: "Hi" }],
        stop: ["x"],
      }),
    ).rejects.toMatchObject({ status: 400, code: "unsupported_parameter", param: "stop" });
  });
});

/**
 * Emulator and codec agree: canonical request → anthropic encode → HTTP to the emulator →
 * decode / decodeStream / decodeError.
 */
import Anthropic from "@anthropic-ai/sdk";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../../src/canonical/chat.js";
import { collectChunks } from "../../../src/canonical/collect.js";
import type { GatewayError } from "../../../src/canonical/errors.js";
import { parseAnthropicRequest } from "../../../src/dialects/anthropic/parse-request.js";
import { anthropicProvider } from "../../../src/providers/anthropic/index.js";
import type { CodecContext, Provider, UpstreamRequest } from "../../../src/providers/types.js";
import { loadCanonical } from "../../support/golden.js";
import { type Emulator, startEmulator } from "../server.js";
import { anthropicEmulator } from "./index.js";

let emu: Emulator;
let provider: Provider;
const warnings: string[] = [];
const ctx: CodecContext = {
  target: { provider: "claude", model: "claude-sonnet-4-5" },
  warn: (m) => warnings.push(m),
  onUnsupported: "drop",
};

beforeAll(async () => {
  emu = await startEmulator([anthropicEmulator]);
  provider = anthropicProvider.create("claude", {
    type: "anthropic",
    api_key: "sk-ant-emulated",
    base_url: emu.url,
  });
});
afterAll(() => emu.close());

async function send(up: UpstreamRequest, scenario?: string) {
  const headers = scenario ? { ...up.headers, "x-emulator-scenario": scenario } : up.headers;
  return request(up.url, { method: up.method, headers, body: up.body ?? null });
}

/** Sends a canonical request; returns the canonical response (streamed ones folded) or the error. */
async function chat(req: ChatRequest, scenario?: string, p: Provider = provider) {
  const res = await send(await p.chat.encode(req, ctx), scenario);
  if (res.statusCode !== 200)
    return { error: p.decodeError(res.statusCode, res.headers, await res.body.text()) };
  if (req.stream) return { response: await collectChunks(p.chat.decodeStream(res.body, ctx)) };
  return { response: p.chat.decode(await res.body.json(), ctx) };
}

const ask = (text: string, over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: "alias",
  messages: [{ role: "user", content: [{ type: "text", text }] }],
  stream: false,
  ...over,
});

describe("anthropic emulator ⇄ codec", () => {
  it("answers text, JSON and streamed alike", async () => {
    const json = await chat(loadCanonical("chat-basic"));
    const streamed = await chat({ ...loadCanonical("chat-basic"), stream: true });
    expect(json.response?.choices[0]?.message.content).toEqual([
      { type: "text", text: "Hello! I am an emulated model. How can I help you today?" },
    ]);
    expect(json.response?.id).toMatch(/^msg_/);
    expect(streamed.response?.choices).toEqual(json.response?.choices);
    expect(streamed.response?.usage).toEqual(json.response?.usage);
    expect(json.response?.choices[0]).toMatchObject({ finish_reason: "stop", raw_finish_reason: "end_turn" });
  });

  it("calls tools, streamed and not, with tool_use ids", async () => {
    for (const stream of [false, true]) {
      const out = await chat({ ...loadCanonical("chat-tools"), stream });
      const calls = out.response?.choices[0]?.message.tool_calls;
      expect(calls).toEqual([
        { id: "toolu_emu_1", name: "get_weather", arguments: '{"location":"Paris","unit":"celsius"}' },
      ]);
      expect(out.response?.choices[0]?.finish_reason).toBe("tool_calls");
    }
  });

  it("numbers parallel tool calls 0 and 1 in the stream", async () => {
    const out = await chat({ ...loadCanonical("chat-tools"), stream: true }, "parallel-tool-calls");
    expect(out.response?.choices[0]?.message.tool_calls?.map((c) => c.id)).toEqual([
      "toolu_emu_1",
      "toolu_emu_2",
    ]);
  });

  it("accepts every shared input the codec can encode", async () => {
    for (const name of [
      "chat-system-multiturn",
      "chat-tool-result",
      "chat-vision",
      "chat-json-schema",
    ] as const) {
      const out = await chat(loadCanonical(name));
      expect(out.error, name).toBeUndefined();
    }
    const tool = await chat(loadCanonical("chat-tool-result"));
    expect(tool.response?.choices[0]?.message.content).toEqual([
      { type: "text", text: "The weather in Paris is 18 degrees and sunny." },
    ]);
    const schema = await chat(loadCanonical("chat-json-schema"));
    const part = schema.response?.choices[0]?.message.content[0];
    expect(part?.type).toBe("text");
    expect(JSON.parse(part?.type === "text" ? part.text : "null")).toEqual({
      answer: "hello",
      confidence: 0.9,
    });
  });

  it("reports cache reads and writes inside input tokens", async () => {
    const json = await chat(ask("Hi"), "cache-usage");
    const streamed = await chat(ask("Hi", { stream: true }), "cache-usage");
    expect(json.response?.usage).toMatchObject({ cached_tokens: 8, cache_write_tokens: 4 });
    expect(json.response?.usage?.input_tokens).toBeGreaterThan(12);
    expect(streamed.response?.usage).toEqual(json.response?.usage);
  });

  it("stops on a stop sequence and on max_tokens", async () => {
    const stop = await chat(ask("Hi", { stop: ["emulated"], stream: true }));
    expect(stop.response?.choices[0]).toMatchObject({
      finish_reason: "stop",
      raw_finish_reason: "stop_sequence",
    });
    expect(stop.response?.stop_sequence).toBe("emulated");
    const length = await chat(ask("Hi"), "length");
    expect(length.response?.choices[0]).toMatchObject({
      finish_reason: "length",
      raw_finish_reason: "max_tokens",
    });
  });
});

describe("anthropic emulator errors through decodeError", () => {
  const cases: Array<[string, Partial<GatewayError>]> = [
    ["429-retry-after", { status: 429, code: "rate_limit_exceeded", retryAfter: "7" }],
    ["500", { status: 502, kind: "upstream", code: "upstream_error" }],
    ["503", { status: 503, kind: "overloaded" }],
    ["400-context-length", { status: 400, code: "context_length_exceeded" }],
    ["404-model", { status: 404, code: "model_not_found" }],
    ["html-502", { status: 502, code: "upstream_error" }],
  ];
  for (const [scenario, expected] of cases) {
    it(scenario, async () => {
      const out = await chat(ask("Hi"), scenario);
      expect(out.error).toMatchObject({ ...expected, provider: "claude" });
    });
  }

  it("refuses a wrong key with 401 authentication_error", async () => {
    const bad = anthropicProvider.create("claude", {
      type: "anthropic",
      api_key: "invalid",
      base_url: emu.url,
    });
    expect((await chat(ask("Hi"), undefined, bad)).error).toMatchObject({
      status: 401,
      code: "invalid_api_key",
    });
  });

  it("continues a prefill where it stops, as Claude does", async () => {
    const prefilled = ask("Hi", {
      stream: true,
      messages: [
        ...ask("Hi").messages,
        { role: "assistant", content: [{ type: "text", text: "Hello! I am" }] },
      ],
    });
    const { response } = await chat(prefilled);
    expect(response!.choices[0]!.message.content).toEqual([
      { type: "text", text: " an emulated model. How can I help you today?" },
    ]);
  });

  it("ends a stream with an overloaded_error event when a fault asks for one", async () => {
    const faulty = await startEmulator([anthropicEmulator], {
      faults: () => ({ streamError: "overloaded", afterFrames: 4 }),
    });
    try {
      const up = await provider.chat.encode(ask("Hi", { stream: true }), ctx);
      const res = await send({ ...up, url: up.url.replace(emu.url, faulty.url) });
      const chunks = [];
      for await (const c of provider.chat.decodeStream(res.body, ctx)) chunks.push(c);
      expect(chunks.filter((c) => c.type === "text-delta").map((c) => c.text)).toEqual(["Hello! "]);
      expect(chunks.at(-1)).toMatchObject({ type: "error", error: { code: "overloaded" } });
    } finally {
      await faulty.close();
    }
  });

  it("ends a malformed stream with an error chunk", async () => {
    const up = await provider.chat.encode(ask("Hi", { stream: true }), ctx);
    const res = await send(up, "malformed-json");
    const chunks = [];
    for await (const c of provider.chat.decodeStream(res.body, ctx)) chunks.push(c);
    expect(chunks[0]?.type).toBe("start");
    expect(chunks.at(-1)).toMatchObject({ type: "error", error: { code: "invalid_upstream_stream" } });
  });
});

describe("an Anthropic client's effort reaches Claude in a shape it takes (issue 9, item 12)", () => {
  it("output_config.effort with a small max_tokens and a temperature", async () => {
    // The effort parameter as Anthropic documents it (`output_config: {effort}`), beside a
    // max_tokens below the effort's budget and a non-default temperature: the old mapping sent a
    // budget above max_tokens and kept the temperature, which the emulator refuses (rows below).
    const req = parseAnthropicRequest({
      model: "claude-sonnet-4-5",
      max_tokens: 2000,
      temperature: 0.5,
      output_config: { effort: "high" },
      messages: [{ role: "user", content: "Plan it." }],
    });
    const out = await chat(req);
    expect(out.error).toBeUndefined();
    const sent = emu.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent).toMatchObject({ max_tokens: 2000, thinking: { type: "enabled", budget_tokens: 1999 } });
    expect(sent).not.toHaveProperty("temperature");
  });
});

describe("anthropic emulator refuses what the API refuses", () => {
  const base = { model: "claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content: "Hi" }] };
  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ["missing max_tokens", { ...base, max_tokens: undefined }, /max_tokens: Field required/],
    [
      "system role in messages",
      { ...base, messages: [{ role: "system", content: "x" }, ...base.messages] },
      /messages\.0\.role/,
    ],
    [
      "non-alternating roles",
      { ...base, messages: [...base.messages, ...base.messages] },
      /roles must alternate/,
    ],
    ["OpenAI-only field", { ...base, seed: 1 }, /seed: Extra inputs are not permitted/],
    [
      "a prefill ending in whitespace",
      { ...base, messages: [...base.messages, { role: "assistant", content: "Hello! I " }] },
      /final assistant content cannot end with trailing whitespace/,
    ],
    // Extended-thinking docs ("Feature compatibility", "Max tokens"): what Claude refuses beside thinking.
    [
      "a thinking budget not below max_tokens",
      { ...base, max_tokens: 2000, thinking: { type: "enabled", budget_tokens: 4096 } },
      /`max_tokens` must be greater than `thinking.budget_tokens`/,
    ],
    [
      "a temperature other than 1 while thinking",
      { ...base, max_tokens: 4096, temperature: 0.5, thinking: { type: "enabled", budget_tokens: 2048 } },
      /`temperature` may only be set to 1/,
    ],
    [
      "tool_use without tool_result",
      {
        ...base,
        messages: [
          ...base.messages,
          { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] },
          { role: "user", content: "next" },
        ],
      },
      /without `tool_result`/,
    ],
  ];
  for (const [name, body, message] of refusals) {
    it(name, async () => {
      const up = await provider.passthrough!.encode("chat", body, ctx);
      const res = await send(up);
      const err = provider.decodeError(res.statusCode, res.headers, await res.body.text());
      expect(err).toMatchObject({ status: 400, kind: "invalid_request" });
      expect(err.message).toMatch(message);
    });
  }

  it("requires the anthropic-version header", async () => {
    const up = await provider.passthrough!.encode("chat", base, ctx);
    const { "anthropic-version": _, ...headers } = up.headers;
    const res = await send({ ...up, headers });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toContain("anthropic-version: header is required");
  });

  it("passes a raw Messages body through with the model replaced and only the configured key", async () => {
    const up = await provider.passthrough!.encode("chat", { ...base, model: "client-model" }, ctx);
    const res = await send(up);
    expect(res.statusCode).toBe(200);
    const body = (await res.body.json()) as { model: string };
    expect(body.model).toBe("claude-sonnet-4-5");
    expect(emu.requests.at(-1)?.headers["x-api-key"]).toBe("sk-ant-emulated");
  });

  it("counts tokens, and refuses what count_tokens does not take", async () => {
    const { max_tokens: _, ...counted } = base;
    const chat = { model: base.model, stream: false, messages: [] };
    const res = await send((await provider.countTokens!.encode(chat, counted, ctx))!);
    expect(await res.body.json()).toEqual({ input_tokens: 1 });
    const refused = await send((await provider.countTokens!.encode(chat, base, ctx))!);
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(await refused.body.json())).toContain("max_tokens: Extra inputs are not permitted");
  });
});

describe("anthropic emulator ⇄ the official SDK", () => {
  const sdk = () => new Anthropic({ apiKey: "sk-ant-emulated", baseURL: emu.url, maxRetries: 0 });
  const params = {
    model: "claude-sonnet-4-6",
    max_tokens: 64,
    messages: [{ role: "user" as const, content: "Weather in Paris?" }],
    tools: [{ name: "get_weather", input_schema: { type: "object" as const, properties: {} } }],
  };

  it("parses the JSON message and the streamed message identically", async () => {
    const json = await sdk().messages.create(params);
    const streamed = await sdk().messages.stream(params).finalMessage();
    expect(json.content).toEqual([
      {
        type: "tool_use",
        id: "toolu_emu_1",
        name: "get_weather",
        input: { location: "Paris", unit: "celsius" },
      },
    ]);
    expect(streamed.content).toEqual(json.content);
    expect(streamed.stop_reason).toBe("tool_use");
    expect(streamed.usage.output_tokens).toBe(json.usage.output_tokens);
  });

  it("surfaces a 529 overloaded_error as the SDK's typed error", async () => {
    const err = await sdk()
      .messages.create(params, { headers: { "x-emulator-scenario": "503" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(err).toMatchObject({ status: 529, error: { type: "error", error: { type: "overloaded_error" } } });
  });
});

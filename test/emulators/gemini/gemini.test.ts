import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../../src/canonical/chat.js";
import type { ChatChunk } from "../../../src/canonical/chunk.js";
import { collectChunks } from "../../../src/canonical/collect.js";
import { geminiProvider } from "../../../src/providers/gemini/index.js";
import type { CodecContext, Provider, UpstreamRequest } from "../../../src/providers/types.js";
import { type Emulator, startEmulator } from "../server.js";
import { GEMINI_INVALID_KEY, geminiEmulator } from "./index.js";

let emu: Emulator;
let provider: Provider;
const KEY = "AIzaSyEmulatorKey";
const ctx = (model = "gemini-2.5-flash"): CodecContext => ({
  target: { provider: "google", model },
  warn: () => {},
  onUnsupported: "error",
});

beforeAll(async () => {
  emu = await startEmulator([geminiEmulator]);
  provider = geminiProvider.create("google", { type: "gemini", api_key: KEY, base_url: emu.url });
});
afterAll(() => emu.close());

async function send(up: UpstreamRequest, scenario?: string) {
  const headers = scenario ? { ...up.headers, "x-emulator-scenario": scenario } : up.headers;
  return request(up.url, { method: up.method, headers, body: up.body ?? null });
}

/** encode → HTTP → decode (JSON) or decodeStream, or decodeError for a non-2xx answer. */
async function chat(req: ChatRequest, scenario?: string, p: Provider = provider) {
  const c = ctx();
  const res = await send(await p.chat.encode(req, c), scenario);
  if (res.statusCode >= 400) throw p.decodeError(res.statusCode, res.headers, await res.body.text());
  if (!req.stream) return p.chat.decode(await res.body.json(), c);
  expect(res.headers["content-type"]).toContain("text/event-stream");
  return collectChunks(p.chat.decodeStream(res.body, c) as AsyncIterable<ChatChunk>);
}

const user = (text: string, stream = false): ChatRequest => ({
  model: "m",
  stream,
  messages: [{ role: "user", content: [{ type: "text", text }] }],
});
const tools: ChatRequest["tools"] = [
  {
    name: "get_weather",
    parameters: { type: "object", properties: { location: { type: "string" } }, additionalProperties: false },
  },
];

describe("gemini codec ⇄ gemini emulator", () => {
  it("answers text, JSON and streamed alike, with usage, and never puts the key in the URL", async () => {
    const json = await chat(user("Say hello."));
    const streamed = await chat(user("Say hello.", true));
    expect(json.choices[0]!.message.content).toEqual([
      { type: "text", text: "Hello! I am an emulated model. How can I help you today?" },
    ]);
    expect(streamed.choices[0]!.message.content).toEqual(json.choices[0]!.message.content);
    expect(streamed.usage).toEqual(json.usage);
    expect(json.usage?.source).toBe("provider");
    for (const r of emu.requests) {
      expect(r.path).not.toContain("key=");
      expect(r.headers["x-goog-api-key"]).toBe(KEY);
    }
  });

  it("calls tools (streamed and not) and continues after the tool result", async () => {
    for (const stream of [false, true]) {
      const res = await chat({ ...user("Weather in Paris?", stream), tools, tool_choice: { type: "auto" } });
      const call = res.choices[0]!.message.tool_calls![0]!;
      expect(res.choices[0]!.finish_reason).toBe("tool_calls");
      expect(JSON.parse(call.arguments)).toEqual({ location: "Paris", unit: "celsius" });
      const next = await chat({
        ...user("Weather in Paris?", stream),
        tools,
        messages: [
          ...user("Weather in Paris?").messages,
          { role: "assistant", content: res.choices[0]!.message.content, tool_calls: [call] },
          { role: "tool", tool_call_id: call.id, content: [{ type: "text", text: '{"temp":18}' }] },
        ],
      });
      expect(next.choices[0]!.message.content).toEqual([
        { type: "text", text: "The weather in Paris is 18 degrees and sunny." },
      ]);
    }
  });

  it("returns thoughts and their signature with reasoning, and parallel calls", async () => {
    const res = await chat({ ...user("Hi", true), reasoning: { budget_tokens: 512 } }, "reasoning-usage");
    expect(res.choices[0]!.message.content[0]).toMatchObject({
      type: "thinking",
      signature: expect.any(String),
    });
    expect(res.usage?.reasoning_tokens).toBe(5);
    const par = await chat({ ...user("x"), tools }, "parallel-tool-calls");
    expect(par.choices[0]!.message.tool_calls!.map((c) => c.id)).toEqual(["call_0", "call_1"]);
  });

  it("reports content filtering and blocked prompts as content_filter", async () => {
    for (const stream of [false, true]) {
      const filtered = await chat(user("x", stream), "content-filter");
      expect(filtered.choices[0]).toMatchObject({
        finish_reason: "content_filter",
        raw_finish_reason: "SAFETY",
      });
      const blocked = await chat(user("x", stream), "prompt-blocked");
      expect(blocked.choices[0]).toMatchObject({
        finish_reason: "content_filter",
        raw_finish_reason: "SAFETY",
      });
      expect(blocked.choices[0]!.message.content).toEqual([]);
    }
    const length = await chat(user("x"), "length");
    expect(length.choices[0]!.finish_reason).toBe("length");
  });

  it("maps the emulator's error scenarios", async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ["429-retry-after", { status: 429, code: "rate_limit_exceeded", retryAfter: "7" }],
      ["400-context-length", { status: 400, code: "context_length_exceeded" }],
      ["404-model", { status: 404, code: "model_not_found" }],
      ["500", { status: 502, code: "upstream_error" }],
      ["503", { status: 503, kind: "overloaded" }],
      ["html-502", { status: 502, code: "upstream_error" }],
    ];
    for (const [scenario, expected] of cases) {
      await expect(chat(user("x"), scenario)).rejects.toMatchObject(expected);
    }
    const bad = geminiProvider.create("g", {
      type: "gemini",
      api_key: GEMINI_INVALID_KEY,
      base_url: emu.url,
    });
    await expect(chat(user("x"), undefined, bad)).rejects.toMatchObject({
      status: 401,
      code: "invalid_api_key",
    });
  });

  it("ends a broken stream with an error chunk", async () => {
    await expect(chat(user("x", true), "malformed-json")).rejects.toMatchObject({
      code: "upstream_bad_response",
    });
  });

  it("rejects schema keywords Gemini does not accept (the codec strips them)", async () => {
    const raw = await send({
      method: "POST",
      url: `${emu.url}/v1beta/models/gemini-2.5-flash:generateContent`,
      headers: { "content-type": "application/json", "x-goog-api-key": KEY },
      body: JSON.stringify({
        contents: [{ role: "user", parts: [{ text: "x" }] }],
        tools: [{ functionDeclarations: [{ name: "f", parameters: tools[0]!.parameters }] }],
      }),
    });
    expect(raw.statusCode).toBe(400);
    expect(await raw.body.text()).toContain("additionalProperties");
  });

  it("refuses $ref/$defs and image/jpg as Gemini does; the codec inlines and renames them", async () => {
    const parameters = {
      type: "object",
      properties: { city: { $ref: "#/$defs/City" } },
      $defs: { City: { type: "object", properties: { name: { type: "string" } } } },
    };
    const image = { inlineData: { mimeType: "image/jpg", data: "/9j/4AAQ" } };
    for (const [body, word] of [
      {
        contents: [{ role: "user", parts: [{ text: "x" }] }],
        tools: [{ functionDeclarations: [{ name: "f", parameters }] }],
      },
      { contents: [{ role: "user", parts: [{ text: "x" }, image] }] },
    ].map((b, i) => [b, i === 0 ? "$ref" : "image/jpg"] as const)) {
      const raw = await send({
        method: "POST",
        url: `${emu.url}/v1beta/models/gemini-2.5-flash:generateContent`,
        headers: { "content-type": "application/json", "x-goog-api-key": KEY },
        body: JSON.stringify(body),
      });
      expect(raw.statusCode).toBe(400);
      expect(await raw.body.text()).toContain(word);
    }
    const res = await chat({
      ...user("Weather?"),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Weather here?" },
            { type: "image", source: { kind: "base64", media_type: "image/jpg", data: "/9j/4AAQ" } },
          ],
        },
      ],
      tools: [{ name: "f", parameters }],
    });
    expect(res.choices[0]!.message.tool_calls?.[0]?.name).toBe("f");
  });

  it("embeds one and several inputs", async () => {
    const emb = provider.embeddings!;
    for (const input of [["hello"], ["a", "b", "c"]]) {
      const c = ctx("gemini-embedding-001");
      const res = await send(await emb.encode({ model: "e", input, dimensions: 16 }, c));
      expect(res.statusCode).toBe(200);
      const out = emb.decode(await res.body.json(), c);
      expect(out.data).toHaveLength(input.length);
      expect(out.data[0]!.embedding).toHaveLength(16);
      expect(out.usage.source).toBe("estimated");
    }
  });
});

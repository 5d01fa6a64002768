/**
 * The Bedrock emulator and the Bedrock codec agree: requests encoded and signed by the provider,
 * sent over real HTTP, answered by the emulator, decoded back (JSON, event-stream, errors).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { collectChunks } from "../../../src/canonical/collect.js";
import type { GatewayError } from "../../../src/canonical/errors.js";
import type { ChatRequest, ChatResponse } from "../../../src/canonical/index.js";
import { BedrockSigner } from "../../../src/providers/bedrock/auth.js";
import { createBedrockProvider } from "../../../src/providers/bedrock/index.js";
import type { CodecContext, Provider, UpstreamRequest } from "../../../src/providers/types.js";
import { loadCanonical, ROOT } from "../../support/golden.js";
import { DEFAULT_ANSWER } from "../plan.js";
import { type Emulator, startEmulator } from "../server.js";
import { bedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "./index.js";

const CLAUDE = "anthropic.claude-3-5-sonnet-20240620-v1:0";
let emu: Emulator;
let provider: Provider;

const ctx = (model = CLAUDE, onUnsupported: "error" | "drop" = "error"): CodecContext => ({
  target: { provider: "bedrock", model },
  onUnsupported,
  warn: () => {},
});

function make(access = TEST_ACCESS_KEY_ID, secret = TEST_SECRET_ACCESS_KEY): Provider {
  return createBedrockProvider("bedrock", {
    type: "bedrock",
    region: "us-east-1",
    access_key_id: access,
    secret_access_key: secret,
    base_url: emu.url,
  });
}

async function send(up: UpstreamRequest, scenario?: string) {
  return request(up.url, {
    method: up.method,
    headers: { ...up.headers, ...(scenario ? { "x-emulator-scenario": scenario } : {}) },
    body: up.body,
  });
}

/** One exchange: a response, or the decoded error. */
async function chat(req: ChatRequest, opts: { scenario?: string; p?: Provider; c?: CodecContext } = {}) {
  const p = opts.p ?? provider;
  const c = opts.c ?? ctx();
  const res = await send(await p.chat.encode(req, c), opts.scenario);
  if (res.statusCode !== 200) {
    return { error: p.decodeError(res.statusCode, res.headers, await res.body.text()) as GatewayError };
  }
  if (!req.stream) return { response: p.chat.decode(await res.body.json(), c) };
  expect(res.headers["content-type"]).toBe("application/vnd.amazon.eventstream");
  return { response: await collectChunks(p.chat.decodeStream(res.body, c)) };
}

const text = (r: ChatResponse | undefined) =>
  r?.choices[0]?.message.content.map((p) => (p.type === "text" ? p.text : "")).join("");

beforeAll(async () => {
  emu = await startEmulator([bedrockEmulator]);
  provider = make();
});
afterAll(() => emu.close());

describe("bedrock emulator ⇄ codec", () => {
  for (const stream of [false, true]) {
    const mode = stream ? "streamed" : "JSON";

    it(`${mode}: text, usage, and a signature the emulator verified`, async () => {
      const { response } = await chat({ ...loadCanonical("chat-basic"), stream });
      expect(text(response)).toBe(DEFAULT_ANSWER);
      expect(response?.choices[0]).toMatchObject({ finish_reason: "stop", raw_finish_reason: "end_turn" });
      expect(response?.usage).toEqual({ input_tokens: 3, output_tokens: 12, source: "provider" });
      const rec = emu.requests.at(-1)!;
      expect(rec.path).toBe(
        `/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/${stream ? "converse-stream" : "converse"}`,
      );
    });

    it(`${mode}: tool calls, then the tool result turn`, async () => {
      const { response } = await chat({ ...loadCanonical("chat-tools"), stream });
      expect(response?.choices[0]?.finish_reason).toBe("tool_calls");
      const call = response?.choices[0]?.message.tool_calls?.[0];
      expect(call).toMatchObject({ name: "get_weather", id: expect.stringMatching(/^tooluse_/) });
      expect(JSON.parse(call!.arguments)).toEqual({ location: "Paris", unit: "celsius" });
      const after = await chat({ ...loadCanonical("chat-tool-result"), stream });
      expect(text(after.response)).toBe("The weather in Paris is 18 degrees and sunny.");
    });

    it(`${mode}: the stop sequence Claude reports comes back`, async () => {
      const req = { ...loadCanonical("chat-basic"), stop: ["emulated"], stream };
      const { response } = await chat(req);
      expect(response?.choices[0]).toMatchObject({
        finish_reason: "stop",
        raw_finish_reason: "stop_sequence",
      });
      expect(response?.stop_sequence).toBe("emulated");
      expect(text(response)).toBe("Hello! I am an ");
    });

    it(`${mode}: cache usage is added into input tokens`, async () => {
      const { response } = await chat(
        { ...loadCanonical("chat-basic"), stream },
        { scenario: "cache-usage" },
      );
      const u = response!.usage!;
      expect(u).toMatchObject({ cached_tokens: 8, cache_write_tokens: 4 });
      // "Say hello." is 3 tokens to the emulator; Bedrock's inputTokens leaves cache tokens out.
      expect(u.input_tokens).toBe(3 + 8 + 4);
    });

    it(`${mode}: a JSON schema goes out as outputConfig and JSON comes back`, async () => {
      const { response } = await chat(
        { ...loadCanonical("chat-json-schema"), stream },
        { c: ctx(CLAUDE, "drop") },
      );
      expect(JSON.parse(text(response)!)).toEqual({ answer: "hello", confidence: 0.9 });
    });
  }

  it("tool_choice none with no tool history: tools left out, so the model answers in text", async () => {
    const { response } = await chat({
      ...loadCanonical("chat-tools"),
      stream: false,
      tool_choice: { type: "none" },
    });
    expect(text(response)).toBe(DEFAULT_ANSWER);
  });
});

describe("bedrock emulator ⇄ codec: errors", () => {
  const basic = (): ChatRequest => loadCanonical("chat-basic");
  const cases: Array<[string, number, string]> = [
    ["429-retry-after", 429, "rate_limit_exceeded"],
    ["400-context-length", 400, "context_length_exceeded"],
    ["404-model", 404, "model_not_found"],
    ["500", 502, "upstream_error"],
    ["503", 503, "overloaded"],
    ["401", 401, "invalid_api_key"],
    ["html-502", 502, "upstream_error"],
  ];
  for (const [scenario, status, code] of cases) {
    it(`${scenario} → ${status} ${code}`, async () => {
      const { error } = await chat(basic(), { scenario });
      expect(error).toMatchObject({ status, code, provider: "bedrock" });
      if (scenario === "429-retry-after") expect(error?.retryAfter).toBe("7");
    });
  }

  it("refuses the `invalid` access key and a wrong secret for the test key", async () => {
    const bad = await chat(basic(), { p: make("invalid", "x") });
    expect(bad.error).toMatchObject({ status: 401, message: expect.stringContaining("security token") });
    const wrong = await chat(basic(), { p: make(TEST_ACCESS_KEY_ID, "not-the-secret") });
    expect(wrong.error).toMatchObject({ status: 401 });
  });

  it("refuses an unsigned request", async () => {
    const res = await request(`${emu.url}/model/x/converse`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] }),
    });
    expect(res.statusCode).toBe(403);
    expect(String(res.headers["x-amzn-errortype"])).toMatch(/^UnrecognizedClientException/);
    await res.body.dump();
  });

  it("garbage inside the event stream ends it with an error chunk", async () => {
    const c = ctx();
    const res = await send(await provider.chat.encode({ ...basic(), stream: true }, c), "malformed-json");
    const chunks = [];
    for await (const ch of provider.chat.decodeStream(res.body, c)) chunks.push(ch);
    expect(chunks.at(-1)).toMatchObject({ type: "error", error: { code: "upstream_invalid_response" } });
  });
});

describe("bedrock emulator ⇄ codec: embeddings", () => {
  it("Titan and Cohere through InvokeModel", async () => {
    const emb = provider.embeddings!;
    for (const [model, input] of [
      ["amazon.titan-embed-text-v2:0", ["hello"]],
      ["cohere.embed-english-v3", ["hello", "world"]],
    ] as const) {
      const c = ctx(model);
      const res = await send(
        await emb.encode(
          { model: "alias", input: [...input], dimensions: model.includes("titan") ? 256 : undefined },
          c,
        ),
      );
      expect(res.statusCode).toBe(200);
      const out = emb.decode(await res.body.json(), c);
      expect(out.data).toHaveLength(input.length);
      expect(out.data[0]!.embedding).toHaveLength(model.includes("titan") ? 256 : 1024);
      expect(out.usage.input_tokens).toBeGreaterThan(0);
    }
  });

  it("maps Gemini task types to Cohere's input_type, which InvokeModel checks", async () => {
    const emb = provider.embeddings!;
    const c = ctx("cohere.embed-english-v3");
    const up = await emb.encode({ model: "alias", input: ["hello"], input_type: "RETRIEVAL_QUERY" }, c);
    const res = await send(up);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    // The raw task type, as Tollgate sent it before, is what Bedrock refuses.
    const signer = new BedrockSigner({
      region: "us-east-1",
      access_key_id: TEST_ACCESS_KEY_ID,
      secret_access_key: TEST_SECRET_ACCESS_KEY,
    });
    const raw = JSON.stringify({ texts: ["hello"], input_type: "RETRIEVAL_QUERY" });
    const refused = await send(await signer.sign(up.url, { "content-type": "application/json" }, raw));
    expect(refused.statusCode).toBe(400);
    expect(await refused.body.text()).toMatch(/input_type/);
  });

  it("refuses sizes InvokeModel refuses (ValidationException)", async () => {
    const emb = provider.embeddings!;
    for (const [model, dimensions] of [
      ["amazon.titan-embed-text-v2:0", 100],
      ["cohere.embed-v4:0", 300],
    ] as const) {
      const c = ctx(model);
      const res = await send(await emb.encode({ model: "alias", input: ["hello"], dimensions }, c));
      expect(res.statusCode).toBe(400);
      expect(res.headers["x-amzn-errortype"]).toMatch(/ValidationException/);
      await res.body.dump();
    }
  });
});

describe("docs/providers/bedrock.md", () => {
  it("names a test key pair whose signatures the emulator verifies", async () => {
    const doc = readFileSync(join(ROOT, "docs", "providers", "bedrock.md"), "utf8");
    const block = /## Emulator[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    const cfg = (parse(block) as { providers: { bedrock: Record<string, string> } }).providers.bedrock;
    expect(cfg.access_key_id).toBe(TEST_ACCESS_KEY_ID);
    const documented = await chat(loadCanonical("chat-basic"), {
      p: make(cfg.access_key_id, cfg.secret_access_key),
    });
    expect(documented.response).toBeDefined();
    const wrong = await chat(loadCanonical("chat-basic"), { p: make(cfg.access_key_id, "not-the-secret") });
    expect(wrong.error?.status).toBe(401);
  });
});

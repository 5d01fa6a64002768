import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatRequest, collectChunks } from "../../../src/canonical/index.js";
import { azureOpenaiProvider } from "../../../src/providers/azure-openai/index.js";
import { openaiProvider } from "../../../src/providers/openai/index.js";
import { openaiCompatibleProvider } from "../../../src/providers/openai-compatible/index.js";
import { loadCanonical } from "../../support/golden.js";
import { type Emulator, startEmulator } from "../server.js";
import { openaiCompatibleEmulator, openaiEmulator } from "./index.js";
import { chat, ctxFor, userText } from "./round-trip.js";

let emu: Emulator;
let local: Emulator;
beforeAll(async () => {
  emu = await startEmulator([openaiEmulator]);
  local = await startEmulator([openaiCompatibleEmulator]);
});
afterAll(async () => {
  await emu.close();
  await local.close();
});

const target = { provider: "openai", model: "gpt-4o" };
const openai = (key = "sk-test") =>
  openaiProvider.create("openai", { type: "openai", api_key: key, base_url: `${emu.url}/v1` });
const basic = (stream: boolean): ChatRequest => ({ model: "a", messages: [userText("Say hello.")], stream });

describe("openai emulator ⇄ openai codec", () => {
  it("answers JSON and streams with usage", async () => {
    const json = await chat(openai(), basic(false), target);
    const streamed = await chat(openai(), basic(true), target);
    expect(json.ok && streamed.ok).toBe(true);
    if (!json.ok || !streamed.ok) return;
    expect(json.res.choices[0]!.message.content).toEqual([
      { type: "text", text: expect.stringContaining("emulated") },
    ]);
    expect(streamed.res.choices[0]!.message.content).toEqual(json.res.choices[0]!.message.content);
    expect(streamed.res.usage).toEqual(json.res.usage);
    expect(streamed.res.usage?.source).toBe("provider");
    const rec = emu.requests.at(-1)!;
    expect(rec.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("refuses an image in a tool message, as OpenAI does; the codec moves it to a user turn", async () => {
    const turns: ChatRequest["messages"] = [
      userText("Screen?"),
      { role: "assistant", content: [], tool_calls: [{ id: "call_1", name: "shot", arguments: "{}" }] },
      {
        role: "tool",
        tool_call_id: "call_1",
        content: [
          { type: "image", source: { kind: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
        ],
      },
    ];
    const out = await chat(openai(), { model: "a", messages: turns, stream: false }, target);
    expect(out.ok).toBe(true);
    const raw = await request(`${emu.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o",
        messages: [
          { role: "user", content: "Screen?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_1", type: "function", function: { name: "shot", arguments: "{}" } }],
          },
          {
            role: "tool",
            tool_call_id: "call_1",
            content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }],
          },
        ],
      }),
    });
    expect(raw.statusCode).toBe(400);
    expect(await raw.body.text()).toContain("Supported values are: 'text'");
  });

  it("calls tools, streamed and not, and answers tool results", async () => {
    for (const stream of [false, true]) {
      const out = await chat(
        openai(),
        { ...loadCanonical("chat-tools"), stream },
        target,
        "parallel-tool-calls",
      );
      if (!out.ok) throw out.error;
      const calls = out.res.choices[0]!.message.tool_calls!;
      expect(calls.map((c) => JSON.parse(c.arguments).location)).toEqual(["Paris", "Tokyo"]);
      expect(out.res.choices[0]!.finish_reason).toBe("tool_calls");
    }
    const after = await chat(openai(), loadCanonical("chat-tool-result"), target);
    expect(after.ok && after.res.choices[0]!.message.content[0]).toMatchObject({
      text: expect.stringContaining("18"),
    });
  });

  it("answers embeddings in base64 (little-endian float32) when asked, as OpenAI does", async () => {
    const post = (body: unknown) =>
      request(`${emu.url}/v1/embeddings`, {
        method: "POST",
        headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ask = { model: "text-embedding-3-small", input: "hello", dimensions: 4 };
    const floats = (await (await post(ask)).body.json()) as { data: Array<{ embedding: number[] }> };
    const b64 = (await (await post({ ...ask, encoding_format: "base64" })).body.json()) as {
      data: Array<{ embedding: string }>;
    };
    const bytes = Buffer.from(b64.data[0]!.embedding, "base64");
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, 4))).toEqual(
      floats.data[0]!.embedding.map(Math.fround),
    );
    for (const [body, message] of [
      [{ ...ask, encoding_format: "binary" }, /encoding_format/],
      [{ ...ask, dimensions: 0 }, /dimensions/],
      [
        { model: "text-embedding-ada-002", input: "x", dimensions: 8 },
        /does not support specifying dimensions/,
      ],
    ] as const) {
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      expect(((await res.body.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it("serves embeddings and the models list", async () => {
    const p = openai();
    const ctx = ctxFor({ provider: "openai", model: "text-embedding-3-small" });
    const up = await p.embeddings!.encode({ model: "e", input: ["a", "b"], dimensions: 4 }, ctx);
    const res = await request(up.url, { method: "POST", headers: up.headers, body: up.body });
    const out = p.embeddings!.decode(await res.body.json(), ctx);
    expect(out.data).toHaveLength(2);
    expect(out.data[0]!.embedding).toHaveLength(4);
    const models = await request(`${emu.url}/v1/models`, { headers: { authorization: "Bearer k" } });
    expect(((await models.body.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it("maps emulated failures through decodeError", async () => {
    const cases: Array<[string | undefined, string, Record<string, unknown>]> = [
      ["401", "sk-test", { status: 401, code: "invalid_api_key" }],
      [undefined, "invalid", { status: 401, kind: "authentication" }],
      ["429-retry-after", "sk-test", { status: 429, code: "rate_limit_exceeded", retryAfter: "7" }],
      ["400-context-length", "sk-test", { status: 400, code: "context_length_exceeded" }],
      ["404-model", "sk-test", { status: 404, code: "model_not_found" }],
      ["500", "sk-test", { status: 502, code: "upstream_error" }],
      ["503", "sk-test", { status: 503, kind: "overloaded" }],
      ["html-502", "sk-test", { status: 502, message: expect.not.stringContaining("<html") }],
    ];
    for (const [scenario, key, want] of cases) {
      const out = await chat(openai(key), basic(false), target, scenario);
      expect(out.ok ? "ok" : out.error).toMatchObject({ ...want, provider: "openai" });
    }
    const broken = await chat(openai(), basic(true), target, "malformed-json");
    expect(broken.ok ? "ok" : broken.error.code).toBe("upstream_invalid_response");
  });
});

describe("azure routes ⇄ azure-openai codec", () => {
  const azure = (key = "azure-key", version = "2024-10-21") =>
    azureOpenaiProvider.create("azure", {
      type: "azure-openai",
      api_key: key,
      api_version: version,
      base_url: emu.url,
    });
  const azTarget = { provider: "azure", model: "gpt-4o", deployment: "prod-gpt4o" };

  it("answers through the deployment, with content filter annotations carried harmlessly", async () => {
    for (const stream of [false, true]) {
      const out = await chat(azure(), { ...loadCanonical("chat-tools"), stream }, azTarget);
      if (!out.ok) throw out.error;
      expect(out.res.model).toBe("prod-gpt4o");
      expect(out.res.choices[0]!.message.tool_calls).toHaveLength(1);
      expect(out.res.usage?.input_tokens).toBeGreaterThan(0);
    }
    const rec = emu.requests.at(-1)!;
    expect(rec.path).toBe("/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21");
    expect(rec.headers["api-key"]).toBe("azure-key");
    expect(rec.headers.authorization).toBeUndefined();
    expect(rec.body).not.toHaveProperty("model");
  });

  it("reports Azure errors", async () => {
    const bad = await chat(azure("invalid"), basic(false), azTarget);
    expect(bad.ok ? "ok" : bad.error).toMatchObject({ status: 401, kind: "authentication" });
    const missing = await chat(azure(), basic(false), { ...azTarget, deployment: "x" }, "404-model");
    expect(missing.ok ? "ok" : missing.error).toMatchObject({ status: 404, code: "model_not_found" });
    const limited = await chat(azure(), basic(true), azTarget, "429-retry-after");
    expect(limited.ok ? "ok" : limited.error).toMatchObject({ status: 429, retryAfter: "7" });
    const filtered = await chat(azure(), basic(true), azTarget, "content-filter");
    expect(filtered.ok && filtered.res.choices[0]!.finish_reason).toBe("content_filter");
  });

  it("refuses a request without api-version", async () => {
    const p = azure();
    const up = await p.chat.encode(basic(false), ctxFor(azTarget));
    const res = await request(up.url.replace(/\?.*$/, ""), {
      method: "POST",
      headers: up.headers,
      body: up.body,
    });
    expect(res.statusCode).toBe(400);
    expect(p.decodeError(res.statusCode, res.headers, await res.body.text()).message).toMatch(/api-version/);
  });
});

describe("shared-port openai emulator: credentials", () => {
  const keyless = (model: string, profile: "vllm" | "ollama" | "groq") =>
    chat(
      openaiCompatibleProvider.create("local", {
        type: "openai-compatible",
        base_url: `${emu.url}/v1`,
        profile,
      }),
      basic(false),
      { provider: "local", model },
    );

  it("serves a keyless openai-compatible provider for a self-hosted model (vLLM, Ollama)", async () => {
    for (const [model, profile] of [
      ["llama3.1:8b", "ollama"],
      ["Qwen/Qwen2.5-7B-Instruct", "vllm"],
    ] as const) {
      const r = await keyless(model, profile);
      expect(r.ok && r.res.model).toBe(model);
      expect(emu.requests.at(-1)!.headers.authorization).toBeUndefined();
    }
  });

  it("still refuses a keyless request for an OpenAI model, and a wrong key for any model", async () => {
    const r = await keyless("gpt-4o-mini", "groq");
    expect(!r.ok && r.error.status).toBe(401);
    const wrong = await chat(openai("invalid"), basic(false), { provider: "openai", model: "llama3.1:8b" });
    expect(!wrong.ok && wrong.error.status).toBe(401);
  });
});

describe("openai-compatible emulator (no auth) ⇄ openai-compatible codec", () => {
  it("works without a key, streamed and not", async () => {
    const p = openaiCompatibleProvider.create("local", {
      type: "openai-compatible",
      base_url: `${local.url}/v1`,
      profile: "vllm",
    });
    const t = { provider: "local", model: "qwen2.5-7b-instruct" };
    const json = await chat(p, loadCanonical("chat-system-multiturn"), t);
    const streamed = await chat(p, { ...loadCanonical("chat-tools") }, t);
    expect(json.ok && json.res.model).toBe("qwen2.5-7b-instruct");
    expect(streamed.ok && streamed.res.choices[0]!.message.tool_calls?.[0]?.name).toBe("get_weather");
    expect(local.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(local.requests[0]!.body).toMatchObject({ max_tokens: 256 });
  });

  it("decodes a stream from the emulator cut into single bytes", async () => {
    const p = openaiCompatibleProvider.create("local", {
      type: "openai-compatible",
      base_url: `${local.url}/v1`,
    });
    const t = { provider: "local", model: "llama3" };
    const up = await p.chat.encode(basic(true), ctxFor(t));
    const res = await request(up.url, { method: "POST", headers: up.headers, body: up.body });
    const bytes = new Uint8Array(await res.body.arrayBuffer());
    async function* oneByOne() {
      for (const b of bytes) yield new Uint8Array([b]);
    }
    const out = await collectChunks(p.chat.decodeStream(oneByOne(), ctxFor(t)));
    expect(out.choices[0]!.message.content[0]).toMatchObject({ type: "text" });
    expect(out.usage?.output_tokens).toBeGreaterThan(0);
  });
});

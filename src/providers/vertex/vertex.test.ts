import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vertexAnthropicEmulator, vertexEmulator } from "../../../test/emulators/gemini/index.js";
import { type Emulator, startEmulator } from "../../../test/emulators/server.js";
import { CANONICAL_INPUTS, expectGolden, loadCanonical, ROOT } from "../../../test/support/golden.js";
import { testServiceAccount } from "../../../test/support/service-account.js";
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { collectChunks } from "../../canonical/collect.js";
import { GatewayError } from "../../canonical/errors.js";
import type { CodecContext, Provider, UpstreamRequest } from "../types.js";
import { vertexConfigSchema } from "./config.js";
import { createVertex, vertexProvider } from "./index.js";

const DIR = join(ROOT, "src", "providers", "vertex", "__fixtures__", "requests");
const ctx = (model: string): CodecContext & { warnings: string[] } => {
  const warnings: string[] = [];
  return {
    target: { provider: "gcp", model },
    warn: (m) => warnings.push(m),
    onUnsupported: "error",
    warnings,
  };
};
const config = (over: Record<string, unknown> = {}) =>
  vertexConfigSchema.parse({
    type: "vertex",
    project: "tollgate-test",
    location: "us-central1",
    credentials: testServiceAccount("https://oauth2.googleapis.com/token"),
    ...over,
  });
const fixed = createVertex("gcp", config(), { tokens: { token: async () => "ya29.fixed-test-token" } });

describe("vertex encode: every shared canonical input", () => {
  for (const model of ["gemini-2.5-flash", "claude-sonnet-4-5@20250929"]) {
    for (const name of CANONICAL_INPUTS) {
      it(`${model} ${name}`, async () => {
        const c = ctx(model);
        const file = join(DIR, `${model.startsWith("claude") ? "claude" : "gemini"}-${name}.json`);
        const up = await Promise.resolve(fixed.chat.encode(loadCanonical(name), c)).catch((e: unknown) => e);
        if (up instanceof GatewayError) {
          // An input the provider cannot serve gets an expected-error golden (Claude has no seed).
          const { status, code, param, message } = up;
          return expectGolden(file, { error: { status, code, param, message } });
        }
        if (up instanceof Error) throw up;
        const ok = up as UpstreamRequest;
        expectGolden(file, { ...ok, body: JSON.parse(String(ok.body)), warnings: c.warnings });
        expect(ok.headers.authorization).toBe("Bearer ya29.fixed-test-token");
      });
    }
  }

  it("sends Claude bodies without model and with the Vertex anthropic_version", async () => {
    const up = await fixed.chat.encode(loadCanonical("chat-basic"), ctx("claude-sonnet-4-5@20250929"));
    expect(up.url).toBe(
      "https://us-central1-aiplatform.googleapis.com/v1/projects/tollgate-test/locations/us-central1/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict",
    );
    const body = JSON.parse(String(up.body));
    expect(body.model).toBeUndefined();
    expect(body.anthropic_version).toBe("vertex-2023-10-16");
  });

  it("uses the global endpoint for location global", async () => {
    const g = createVertex("gcp", config({ location: "global" }), { tokens: { token: async () => "t" } });
    const up = await g.chat.encode({ ...loadCanonical("chat-basic"), stream: true }, ctx("gemini-2.5-flash"));
    expect(up.url).toBe(
      "https://aiplatform.googleapis.com/v1/projects/tollgate-test/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
  });
});

describe("vertex config", () => {
  it("refuses credentials that are not a service-account key, without echoing them", () => {
    const bad = vertexConfigSchema.safeParse({
      type: "vertex",
      project: "tollgate-test",
      location: "us-central1",
      credentials: '{"client_email":"x","private_key":"SECRET"}',
    });
    expect(bad.success).toBe(false);
    const text = JSON.stringify(bad.error?.issues);
    expect(text).toMatch(/client_email|private_key|token_uri/);
    expect(text).not.toContain("SECRET");
    expect(
      vertexConfigSchema.safeParse({ type: "vertex", project: "p", location: "x", credentials: "{}" })
        .success,
    ).toBe(false);
  });

  it("accepts a real-shaped key", () => {
    expect(() => vertexProvider.create("gcp", config())).not.toThrow();
  });
});

describe("vertex codec ⇄ vertex emulators", () => {
  let emu: Emulator;
  let provider: Provider;
  beforeAll(async () => {
    emu = await startEmulator([vertexEmulator, vertexAnthropicEmulator]);
    provider = vertexProvider.create("gcp", config({ base_url: emu.url, token_url: `${emu.url}/token` }));
  });
  afterAll(() => emu.close());

  async function chat(req: ChatRequest, model: string, scenario?: string, p = provider) {
    const c = ctx(model);
    const up = await p.chat.encode(req, c);
    const headers = scenario ? { ...up.headers, "x-emulator-scenario": scenario } : up.headers;
    const res = await request(up.url, { method: "POST", headers, body: up.body ?? null });
    if (res.statusCode >= 400) throw p.decodeError(res.statusCode, res.headers, await res.body.text());
    if (!req.stream) return p.chat.decode(await res.body.json(), c);
    return collectChunks(p.chat.decodeStream(res.body, c) as AsyncIterable<ChatChunk>);
  }
  const tools = loadCanonical("chat-tools");

  it("gemini-3: the tool call's thought signature goes back in the next request", async () => {
    const model = "gemini-3-pro-preview";
    const first = await chat({ ...tools, stream: false }, model);
    const msg = first.choices[0]!.message;
    expect(msg.tool_calls![0]!.signature).toEqual(expect.any(String));
    const next: ChatRequest = {
      ...tools,
      stream: false,
      messages: [
        ...tools.messages,
        msg,
        {
          role: "tool",
          tool_call_id: msg.tool_calls![0]!.id,
          content: [{ type: "text", text: '{"temp_c":18}' }],
        },
      ],
    };
    const after = await chat(next, model);
    expect(after.choices[0]!.finish_reason).toBe("stop");
    const sent = emu.requests.at(-1)!.body as { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    expect(sent.contents[1]!.parts[0]!.thoughtSignature).toBe(msg.tool_calls![0]!.signature);
  });

  for (const model of ["gemini-2.5-flash", "claude-sonnet-4-5@20250929"]) {
    it(`${model}: text and tool calls, JSON and streamed, one token exchange`, async () => {
      const before = emu.requests.filter((r) => r.path === "/token").length;
      for (const stream of [false, true]) {
        const text = await chat({ ...loadCanonical("chat-basic"), stream }, model);
        expect(text.choices[0]!.message.content).toEqual([
          { type: "text", text: "Hello! I am an emulated model. How can I help you today?" },
        ]);
        expect(text.usage?.input_tokens).toBeGreaterThan(0);
        const call = await chat({ ...tools, stream }, model);
        expect(call.choices[0]!.finish_reason).toBe("tool_calls");
        expect(JSON.parse(call.choices[0]!.message.tool_calls![0]!.arguments)).toEqual({
          location: "Paris",
          unit: "celsius",
        });
        const result = await chat({ ...loadCanonical("chat-tool-result"), stream }, model);
        expect(result.choices[0]!.message.content).toEqual([
          { type: "text", text: "The weather in Paris is 18 degrees and sunny." },
        ]);
      }
      expect(emu.requests.filter((r) => r.path === "/token").length - before).toBeLessThanOrEqual(1);
    });
  }

  it("maps Vertex (Google-format) and Claude (Anthropic-format) errors", async () => {
    const basic = loadCanonical("chat-basic");
    await expect(chat(basic, "gemini-2.5-flash", "429-retry-after")).rejects.toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      retryAfter: "7",
    });
    await expect(chat(basic, "gemini-2.5-flash", "404-model")).rejects.toMatchObject({
      status: 404,
      code: "model_not_found",
    });
    await expect(chat(basic, "gemini-2.5-flash", "prompt-blocked")).resolves.toMatchObject({
      choices: [{ finish_reason: "content_filter" }],
    });
    await expect(chat(basic, "claude-sonnet-4-5@20250929", "429-retry-after")).rejects.toMatchObject({
      status: 429,
    });
    await expect(chat(basic, "claude-sonnet-4-5@20250929", "400-context-length")).rejects.toMatchObject({
      status: 400,
      code: "context_length_exceeded",
    });
    await expect(chat(basic, "claude-sonnet-4-5@20250929", "503")).rejects.toMatchObject({
      kind: "overloaded",
    });
  });

  it("refuses Claude's structured outputs unless the target enables them, as Vertex does (item 10)", async () => {
    const claude = "claude-sonnet-4-5@20250929";
    // The shared json-schema input without its seed (which Claude refuses anyway).
    const { seed: _seed, ...schema } = loadCanonical("chat-json-schema");
    const strictTools: ChatRequest = {
      ...loadCanonical("chat-tools"),
      tools: loadCanonical("chat-tools").tools!.map((t) => ({ ...t, strict: true })),
    };
    const refusal = await chat(schema, claude).catch((e: GatewayError) => e);
    const { status, code, param, message } = refusal as GatewayError;
    expectGolden(join(DIR, "claude-structured-outputs-disabled.json"), {
      error: { status, code, param, message },
    });
    for (const req of [schema, strictTools]) {
      await expect(chat(req, claude)).rejects.toMatchObject({ status: 400, code: "unsupported_parameter" });
      const sent = await provider.chat.encode(req, { ...ctx(claude), onUnsupported: "drop" });
      const raw = JSON.parse(String(sent.body));
      // Dropped under on_unsupported: drop, and what the codec sent then is what Vertex accepts.
      expect(raw.output_config?.format).toBeUndefined();
      expect(raw.tools?.some((t: Record<string, unknown>) => "strict" in t) ?? false).toBe(false);
    }
    // The emulator refuses them for a project that has not enabled them (the old behaviour).
    const old = await request(
      `${emu.url}/v1/projects/tollgate-test/locations/us-central1/publishers/anthropic/models/${claude}:rawPredict`,
      {
        method: "POST",
        headers: (await provider.chat.encode(loadCanonical("chat-basic"), ctx(claude))).headers,
        body: JSON.stringify({
          anthropic_version: "vertex-2023-10-16",
          max_tokens: 64,
          messages: [{ role: "user", content: "hi" }],
          output_config: { format: { type: "json_schema", schema: { type: "object" } } },
        }),
      },
    );
    expect(old.statusCode).toBe(400);
    await old.body.dump();
    // Enabled on the target and in the project: sent, and answered.
    const enabled = vertexProvider.create(
      "gcp",
      config({ project: "tollgate-structured", base_url: emu.url, token_url: `${emu.url}/token` }),
    );
    const c = { ...ctx(claude), target: { provider: "gcp", model: claude, structured_outputs: true } };
    const up = await enabled.chat.encode(schema, c);
    expect(JSON.parse(String(up.body)).output_config.format.type).toBe("json_schema");
    const res = await request(up.url, { method: "POST", headers: up.headers, body: up.body ?? null });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });

  it("refuses a token the emulator did not issue with 401", async () => {
    const forged = createVertex("gcp", config({ base_url: emu.url }), {
      tokens: { token: async () => "ya29.forged" },
    });
    for (const model of ["gemini-2.5-flash", "claude-sonnet-4-5@20250929"]) {
      await expect(chat(loadCanonical("chat-basic"), model, undefined, forged)).rejects.toMatchObject({
        status: 401,
        kind: "authentication",
      });
    }
  });
});

import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../../src/canonical/index.js";
import { mistralProvider } from "../../../src/providers/mistral/index.js";
import { openaiProvider } from "../../../src/providers/openai/index.js";
import { loadCanonical } from "../../support/golden.js";
import { openaiEmulator } from "../openai/index.js";
import { chat, ctxFor, userText } from "../openai/round-trip.js";
import { type Emulator, startEmulator } from "../server.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator([openaiEmulator]);
});
afterAll(() => emu.close());

const mistral = (key = "mistral-key") =>
  mistralProvider.create("mistral", { type: "mistral", api_key: key, base_url: `${emu.url}/v1` });
const target = { provider: "mistral", model: "mistral-small-latest" };

describe("mistral flavour ⇄ mistral codec", () => {
  it("answers JSON and streams (usage in the last chunk, no stream_options)", async () => {
    for (const stream of [false, true]) {
      const out = await chat(
        mistral(),
        { model: "a", messages: [userText("Hi")], stream, seed: 1, max_tokens: 50 },
        target,
      );
      if (!out.ok) throw out.error;
      expect(out.res.choices[0]!.message.content[0]).toMatchObject({ type: "text" });
      expect(out.res.usage?.output_tokens).toBeGreaterThan(0);
    }
    expect(emu.requests.at(-1)!.body).toMatchObject({ random_seed: 1, max_tokens: 50 });
  });

  it("calls tools with 9-character ids and accepts OpenAI ids in history (mapped)", async () => {
    for (const stream of [false, true]) {
      const out = await chat(mistral(), { ...loadCanonical("chat-tools"), stream }, target);
      if (!out.ok) throw out.error;
      const call = out.res.choices[0]!.message.tool_calls![0]!;
      expect(call.id).toMatch(/^[A-Za-z0-9]{9}$/);
      expect(JSON.parse(call.arguments)).toMatchObject({ location: "Paris" });
      expect(out.res.choices[0]!.finish_reason).toBe("tool_calls");
    }
    const after = await chat(mistral(), loadCanonical("chat-tool-result"), target);
    expect(after.ok).toBe(true);
  });

  it("refuses an OpenAI-only body the way Mistral does", async () => {
    const p = openaiProvider.create("o", { type: "openai", api_key: "k", base_url: `${emu.url}/v1` });
    const out = await chat(p, { model: "a", messages: [userText("Hi")], stream: true }, target);
    expect(out.ok ? "ok" : out.error).toMatchObject({
      status: 400,
      message: expect.stringMatching(/stream_options/),
    });
    const rec = emu.requests.at(-1)!;
    expect(rec.body).toHaveProperty("stream_options");
  });

  it("refuses undeclared message fields and tools without parameters with 422; the codec sends neither", async () => {
    const p = openaiProvider.create("o", { type: "openai", api_key: "k", base_url: `${emu.url}/v1` });
    const named: ChatRequest = {
      model: "a",
      stream: false,
      messages: [{ ...userText("Hi"), name: "alice" }],
    };
    const bareTool: ChatRequest = {
      model: "a",
      stream: false,
      messages: [userText("Time?")],
      tools: [{ name: "now" }],
    };
    const refusal: ChatRequest = {
      model: "a",
      stream: false,
      messages: [userText("Hi"), { role: "assistant", content: [], refusal: "No." }, userText("Hello?")],
    };
    for (const req of [named, bareTool, refusal]) {
      const old = await chat(p, req, target);
      expect(old.ok ? "ok" : old.error).toMatchObject({ status: 422 });
      const res = await request(`${emu.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: "Bearer k", "content-type": "application/json" },
        body: JSON.stringify(emu.requests.at(-1)!.body),
      });
      expect(res.statusCode).toBe(422);
      expect(await res.body.json()).toMatchObject({
        object: "error",
        message: { detail: [{ type: expect.stringMatching(/^(extra_forbidden|missing)$/) }] },
      });
      const out = await chat(mistral(), req, target);
      if (!out.ok) throw out.error;
    }
  });

  it("accepts reasoning_effort values from Mistral's SDK types and refuses others", async () => {
    const out = await chat(
      mistral(),
      { model: "a", messages: [userText("Hi")], stream: false, reasoning: { effort: "high" } },
      target,
    );
    if (!out.ok) throw out.error;
    expect(emu.requests.at(-1)!.body).toMatchObject({ reasoning_effort: "high" });
    const bad = await chat(
      mistral(),
      { model: "a", messages: [userText("Hi")], stream: false, reasoning: { effort: "max" } },
      target,
    );
    expect(bad.ok ? "ok" : bad.error).toMatchObject({ status: 422 });
  });

  it("answers errors in Mistral's format, mapped by the codec", async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ["429-retry-after", { status: 429, code: "rate_limit_exceeded", retryAfter: "7" }],
      ["404-model", { status: 404, code: "model_not_found" }],
      ["400-context-length", { status: 400, code: "context_length_exceeded" }],
      ["503", { status: 503, kind: "overloaded" }],
    ];
    for (const [scenario, want] of cases) {
      const out = await chat(
        mistral(),
        { model: "a", messages: [userText("Hi")], stream: false },
        target,
        scenario,
      );
      expect(out.ok ? "ok" : out.error).toMatchObject({ ...want, provider: "mistral" });
    }
    const bad = await chat(
      mistral("invalid"),
      { model: "a", messages: [userText("Hi")], stream: false },
      target,
    );
    expect(bad.ok ? "ok" : bad.error).toMatchObject({ status: 401, kind: "authentication" });
  });

  it("serves mistral-embed with output_dimension", async () => {
    const p = mistral();
    const ctx = ctxFor({ provider: "mistral", model: "mistral-embed" });
    const up = await p.embeddings!.encode({ model: "e", input: ["a", "b", "c"], dimensions: 6 }, ctx);
    const res = await request(up.url, { method: "POST", headers: up.headers, body: up.body });
    const body = (await res.body.json()) as { id?: string };
    expect(body.id).toMatch(/^emb-/);
    const out = p.embeddings!.decode(body, ctx);
    expect(out.data.map((d) => (d.embedding as number[]).length)).toEqual([6, 6, 6]);
  });
});

/**
 * Gemini emulator checks that the real API makes and the codec must satisfy: thinking config per
 * model family, and Gemini 3's thought signatures on function calls in tool loops.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../../src/canonical/chat.js";
import type { ChatChunk } from "../../../src/canonical/chunk.js";
import { collectChunks } from "../../../src/canonical/collect.js";
import { parseOpenAIChat } from "../../../src/dialects/openai/parse-request.js";
import { renderOpenAIChat } from "../../../src/dialects/openai/render-response.js";
import { geminiProvider } from "../../../src/providers/gemini/index.js";
import type { CodecContext, Provider } from "../../../src/providers/types.js";
import { type Emulator, startEmulator } from "../server.js";
import { geminiEmulator } from "./index.js";

let emu: Emulator;
let provider: Provider;
const KEY = "AIzaSyEmulatorKey";

beforeAll(async () => {
  emu = await startEmulator([geminiEmulator]);
  provider = geminiProvider.create("google", { type: "gemini", api_key: KEY, base_url: emu.url });
});
afterAll(() => emu.close());

const ctxFor = (model: string): CodecContext & { warnings: string[] } => {
  const warnings: string[] = [];
  return {
    target: { provider: "google", model },
    warn: (m) => warnings.push(m),
    onUnsupported: "error",
    warnings,
  };
};

/** encode → HTTP → decode (or decodeStream); a non-2xx answer is decoded with decodeError and thrown. */
async function chat(req: ChatRequest, model: string, c = ctxFor(model)) {
  const up = await provider.chat.encode(req, c);
  const res = await request(up.url, { method: up.method, headers: up.headers, body: up.body ?? null });
  if (res.statusCode >= 400) throw provider.decodeError(res.statusCode, res.headers, await res.body.text());
  if (req.stream) return collectChunks(provider.chat.decodeStream(res.body, c) as AsyncIterable<ChatChunk>);
  return provider.chat.decode(await res.body.json(), c);
}

async function raw(model: string, body: unknown) {
  const res = await request(`${emu.url}/v1beta/models/${model}:generateContent`, {
    method: "POST",
    headers: { "x-goog-api-key": KEY, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

const hi: ChatRequest = {
  model: "m",
  stream: false,
  messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
};
const contents = [{ role: "user", parts: [{ text: "Hi" }] }];

describe("thinking config per model", () => {
  it("refuses thinkingBudget 0 on Pro and Gemini 3, and thinkingLevel before Gemini 3", async () => {
    for (const model of ["gemini-2.5-pro", "gemini-3-pro-preview"]) {
      const r = await raw(model, { contents, generationConfig: { thinkingConfig: { thinkingBudget: 0 } } });
      expect(r.status).toBe(400);
      expect(r.text).toContain("Budget 0 is invalid. This model only works in thinking mode.");
    }
    const level = await raw("gemini-2.5-flash", {
      contents,
      generationConfig: { thinkingConfig: { thinkingLevel: "low" } },
    });
    expect(level.status).toBe(400);
    const proMinimal = await raw("gemini-3-pro-preview", {
      contents,
      generationConfig: { thinkingConfig: { thinkingLevel: "minimal" } },
    });
    expect(proMinimal.status).toBe(400);
  });

  it("the codec's reasoning_effort none and minimal reach every model family", async () => {
    for (const model of [
      "gemini-3-pro-preview",
      "gemini-3-flash-preview",
      "gemini-2.5-pro",
      "gemini-2.5-flash",
    ]) {
      for (const effort of ["none", "minimal", "medium", "xhigh"]) {
        const res = await chat({ ...hi, reasoning: { effort } }, model);
        expect(res.choices[0]!.finish_reason).toBe("stop");
      }
    }
  });

  it("refuses a 2.5 Flash budget above 24576, which xhigh must not exceed", async () => {
    const r = await raw("gemini-2.5-flash", {
      contents,
      generationConfig: { thinkingConfig: { thinkingBudget: 32768 } },
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain("between 0 and 24576");
  });

  it("under on_unsupported: drop, xhigh is served as Gemini's most thinking, an unknown effort dropped", async () => {
    const drop = (model: string) => ({ ...ctxFor(model), onUnsupported: "drop" as const });
    for (const model of ["gemini-3-pro-preview", "gemini-2.5-flash"]) {
      const c = drop(model);
      const res = await chat({ ...hi, reasoning: { effort: "xhigh" } }, model, c);
      expect(res.choices[0]!.finish_reason).toBe("stop");
      expect(c.warnings).toEqual([]);
      const sent = emu.requests.at(-1)!.body as { generationConfig: { thinkingConfig: object } };
      expect(sent.generationConfig.thinkingConfig).toEqual(
        model.startsWith("gemini-3")
          ? { thinkingLevel: "high", includeThoughts: true }
          : { thinkingBudget: 24576, includeThoughts: true },
      );
    }
    const c = drop("gemini-2.5-flash");
    const res = await chat({ ...hi, reasoning: { effort: "extreme" } }, "gemini-2.5-flash", c);
    expect(res.choices[0]!.finish_reason).toBe("stop");
    expect(c.warnings).toEqual([expect.stringContaining("dropped 'reasoning_effort' 'extreme'")]);
  });
});

describe("Gemini 3 thought signatures in an OpenAI client's tool loop", () => {
  const model = "gemini-3-pro-preview";
  const weather = { type: "object", properties: { location: { type: "string" } } };
  const first: ChatRequest = {
    model: "m",
    stream: false,
    messages: [{ role: "user", content: [{ type: "text", text: "Weather in Paris?" }] }],
    tools: [{ name: "get_weather", parameters: weather }],
  };
  type Rendered = {
    choices: Array<{ message: { tool_calls: Array<{ id: string } & Record<string, unknown>> } }>;
  };
  const followUp = (call: { id: string } & Record<string, unknown>) => ({
    model: "alias",
    tools: [{ type: "function", function: { name: "get_weather", parameters: weather } }],
    messages: [
      { role: "user", content: "Weather in Paris?" },
      { role: "assistant", content: null, tool_calls: [call] },
      { role: "tool", tool_call_id: call.id, content: '{"temp_c":18}' },
    ],
  });

  it("refuses a current-turn function call without its signature, as Gemini 3 does", async () => {
    const r = await raw(model, {
      contents: [
        { role: "user", parts: [{ text: "Weather in Paris?" }] },
        { role: "model", parts: [{ functionCall: { name: "get_weather", args: { location: "Paris" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { temp_c: 18 } } }] },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain("Function call is missing a thought_signature in functionCall parts.");
  });

  it.each([false, true])("carries the signature to the client and back (stream: %s)", async (stream) => {
    const res = await chat({ ...first, stream }, model);
    const call = (renderOpenAIChat(res) as Rendered).choices[0]!.message.tool_calls[0]!;
    expect(call.extra_content).toEqual({ google: { thought_signature: expect.any(String) } });
    const c = ctxFor(model);
    const after = await chat(parseOpenAIChat(followUp(call)), model, c);
    expect(after.choices[0]!.message.content[0]).toMatchObject({ type: "text" });
    expect(c.warnings).toEqual([]);
    const sent = emu.requests.at(-1)!.body as { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    expect(sent.contents[1]!.parts[0]!.thoughtSignature).toBe(
      (call.extra_content as { google: { thought_signature: string } }).google.thought_signature,
    );
  });

  it("falls back to the documented skip value when the client dropped the signature", async () => {
    const res = await chat(first, model);
    const { extra_content: _dropped, ...call } = (renderOpenAIChat(res) as Rendered).choices[0]!.message
      .tool_calls[0]!;
    const c = ctxFor(model);
    const after = await chat(parseOpenAIChat(followUp(call)), model, c);
    expect(after.choices[0]!.finish_reason).toBe("stop");
    expect(c.warnings).toHaveLength(1);
  });
});

/**
 * Gemini emulator checks that the real API makes and the codec must satisfy: thinking config per
 * model family, and Gemini 3's thought signatures on function calls in tool loops.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../../src/canonical/chat.js";
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

/** encode → HTTP → decode; a non-2xx answer is decoded with decodeError and thrown. */
async function chat(req: ChatRequest, model: string) {
  const c = ctxFor(model);
  const up = await provider.chat.encode(req, c);
  const res = await request(up.url, { method: up.method, headers: up.headers, body: up.body ?? null });
  if (res.statusCode >= 400) throw provider.decodeError(res.statusCode, res.headers, await res.body.text());
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
      for (const effort of ["none", "minimal", "medium"]) {
        const res = await chat({ ...hi, reasoning: { effort } }, model);
        expect(res.choices[0]!.finish_reason).toBe("stop");
      }
    }
  });
});

/**
 * Azure's api-versions on the emulator against the azure-openai codec's per-version mapping: the
 * chat body's fields, the v1 API's paths (`azure-v1.ts`), and where the Responses API is
 * (`azure-responses.ts`).
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../../src/canonical/index.js";
import { azureOpenaiProvider } from "../../../src/providers/azure-openai/index.js";
import { testContext } from "../../../src/providers/openai/__fixtures__/suite.js";
import type { UpstreamRequest } from "../../../src/providers/types.js";
import { type Emulator, startEmulator } from "../server.js";
import { openaiEmulator } from "./index.js";
import { chat, userText } from "./round-trip.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator([openaiEmulator]);
});
afterAll(() => emu.close());

const azure = (version: string) =>
  azureOpenaiProvider.create("azure", {
    type: "azure-openai",
    api_key: "azure-key",
    api_version: version,
    base_url: emu.url,
  });
const target = { provider: "azure", model: "o3-mini", deployment: "o3" };
const req: ChatRequest = {
  model: "a",
  stream: false,
  max_tokens: 100,
  reasoning: { effort: "low" },
  messages: [{ role: "developer", content: [{ type: "text", text: "Be brief." }] }, userText("Hi")],
};

async function raw(version: string, body: unknown) {
  const res = await request(`${emu.url}/openai/deployments/o3/chat/completions?api-version=${version}`, {
    method: "POST",
    headers: { "api-key": "azure-key", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

describe("azure api-versions", () => {
  it("refuses developer messages and reasoning_effort on GA 2024-10-21, as Azure does", async () => {
    const messages = [{ role: "user", content: "Hi" }];
    const effort = await raw("2024-10-21", { messages, reasoning_effort: "low" });
    expect(effort.status).toBe(400);
    expect(effort.text).toContain("Unrecognized request argument supplied: reasoning_effort");
    const dev = await raw("2024-10-21", { messages: [{ role: "developer", content: "x" }, ...messages] });
    expect(dev.status).toBe(400);
    expect(dev.text).toContain("Invalid value: 'developer'");
    const old = await raw("2024-06-01", { messages, max_completion_tokens: 5 });
    expect(old.text).toContain("Unrecognized request argument supplied: max_completion_tokens");
    expect((await raw("2024-12-01-preview", { messages, reasoning_effort: "low" })).status).toBe(200);
  });

  it("sends what each version knows", async () => {
    const ok = await chat(azure("2024-12-01-preview"), req, target);
    if (!ok.ok) throw ok.error;
    expect(emu.requests.at(-1)!.body).toMatchObject({
      reasoning_effort: "low",
      messages: [{ role: "developer" }, {}],
    });
    await expect(chat(azure("2024-10-21"), req, target)).rejects.toMatchObject({ param: "reasoning.effort" });
    for (const version of ["2024-10-21", "2024-06-01"]) {
      const p = azure(version);
      const ctx = { target, onUnsupported: "drop" as const, warn: () => {} };
      const up = await p.chat.encode(req, ctx);
      const res = await request(up.url, { method: up.method, headers: up.headers, body: up.body });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      expect(emu.requests.at(-1)!.body).toMatchObject({ messages: [{ role: "system" }, {}] });
    }
  });
});

describe("the azure-openai codec's Responses URLs are served", () => {
  const responsesTarget = { provider: "azure", model: "gpt-4.1", deployment: "gpt41-prod", api: "responses" };
  const chat = {
    model: "a",
    stream: false,
    messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "Hi" }] }],
  };

  it.each(["v1", "preview", "2025-04-01-preview"])("api_version %s", async (version) => {
    const up = await azure(version).chat.encode(chat, testContext(responsesTarget));
    const res = await request(up.url, { method: "POST", headers: up.headers, body: up.body as string });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(String(up.body)).model).toBe("gpt41-prod");
    await res.body.dump();
  });

  it("refuses api: responses on an api_version without the Responses API, and has no passthrough", async () => {
    const old = azure("2024-10-21");
    expect(() => old.chat.encode(chat, testContext(responsesTarget))).toThrow(/2025-03-01-preview/);
    expect(old.extraPassthrough).toBeUndefined();
    expect(azure("2025-04-01-preview").extraPassthrough?.[0]?.dialect).toBe("responses");
  });
});

describe("the azure-openai codec's v1 API URLs are served", () => {
  const v1Target = { provider: "azure", model: "gpt-4o", deployment: "gpt4o-prod" };
  const send = async (up: UpstreamRequest) => {
    const res = await request(up.url, { method: "POST", headers: up.headers, body: up.body as string });
    return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
  };

  it.each(["v1", "preview", "latest"])("api_version %s: chat and embeddings", async (version) => {
    const p = azure(version);
    const chatUp = await p.chat.encode(req, testContext(v1Target));
    expect(new URL(chatUp.url).pathname).toBe("/openai/v1/chat/completions");
    const chat = await send(chatUp);
    expect(chat.status).toBe(200);
    expect(chat.json.model).toBe("gpt4o-prod");
    const embUp = await p.embeddings!.encode({ model: "e", input: ["a"] }, testContext(v1Target));
    expect(new URL(embUp.url).pathname).toBe("/openai/v1/embeddings");
    const emb = await send(embUp);
    expect(emb.status).toBe(200);
    expect(emb.json.model).toBe("gpt4o-prod");
  });

  it.each([
    [
      "/openai/v1/chat/completions?api-version=2024-10-21",
      { model: "d", messages: [] },
      "API version not supported",
    ],
    [
      "/openai/v1/embeddings?api-version=2025-04-01-preview",
      { model: "d", input: "a" },
      "API version not supported",
    ],
    ["/openai/v1/chat/completions", { messages: [{ role: "user", content: "Hi" }] }, "model"],
  ])("refuses %s as Azure does", async (path, body, message) => {
    const res = await request(`${emu.url}${path}`, {
      method: "POST",
      headers: { "api-key": "azure-key", "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toContain(message);
  });
});

/**
 * Azure OpenAI's Responses API through the real gateway, with the official `openai` SDK: a
 * Responses client passes through to Azure's own Responses API where the configured api-version
 * has it (the v1 API, or a dated version from 2025-03-01-preview) — create, stream, a tool loop
 * with `function_call_output`, `previous_response_id` — and is translated through Chat Completions
 * where it does not; `api: responses` serves Chat Completions and Messages clients through it.
 */
import { randomUUID } from "node:crypto";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { DEFAULT_ANSWER } from "../emulators/plan.js";
import { WEATHER_FUNCTION_TOOL as WEATHER } from "../support/responses-tools.js";

const KEY = "tg-responses-azure-0123456789";
const OTHER_KEY = "tg-responses-azure-other-0123456789";

let emulator: Emulator;
let gateway: Gateway;
let client: OpenAI;
let other: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  emulator = await startAllEmulators();
  const base = { base_url: emulator.url, api_key: "azure-emulated" };
  gateway = createGateway({
    config: {
      server: { host: "127.0.0.1", port: 0 },
      providers: {
        "az-v1": { type: "azure-openai", ...base, api_version: "v1" },
        "az-dated": { type: "azure-openai", ...base, api_version: "2025-04-01-preview" },
        "az-old": { type: "azure-openai", ...base, api_version: "2024-10-21" },
        "az-bad": { type: "azure-openai", ...base, api_key: "invalid", api_version: "v1" },
      },
      models: [
        { name: "v1", targets: [{ provider: "az-v1", model: "gpt-4.1", deployment: "gpt41-v1" }] },
        { name: "dated", targets: [{ provider: "az-dated", model: "gpt-4.1", deployment: "gpt41-dated" }] },
        { name: "old", targets: [{ provider: "az-old", model: "gpt-4o", deployment: "gpt4o-old" }] },
        { name: "bad", targets: [{ provider: "az-bad", model: "gpt-4.1" }] },
        {
          name: "via-responses",
          targets: [{ provider: "az-dated", model: "o3", deployment: "o3-dated", api: "responses" }],
        },
        { name: "via-responses-old", targets: [{ provider: "az-old", model: "o3", api: "responses" }] },
      ],
      keys: [
        { name: "app-a", key: KEY },
        { name: "app-b", key: OTHER_KEY },
      ],
      storage: { records: { backend: "sqlite", path: ":memory:" } },
      logging: { level: "silent" },
    },
    env: {},
    logger: pino({ level: "silent" }),
  });
  const { url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false });
  client = new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0 });
  other = new OpenAI({ baseURL: `${url}/v1`, apiKey: OTHER_KEY, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: url, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close(0);
  await emulator?.close();
});

/** The upstream request whose body contains `text`. */
const upstream = (text: string) =>
  emulator.requests.find((r) => r.op === "chat" && JSON.stringify(r.body).includes(text));
const nonce = () => `n${randomUUID().slice(0, 8)}`;

describe.each([
  ["v1", "/openai/v1/responses", "gpt41-v1"],
  ["dated", "/openai/responses?api-version=2025-04-01-preview", "gpt41-dated"],
])("a Responses client on Azure api-version %s passes through", (model, path, deployment) => {
  it("creates a response at Azure's Responses API, with the deployment as model and the api-key header", async () => {
    const n = nonce();
    const res = await client.responses.create({ model, input: `Hello ${n}`, instructions: "Be brief." });
    expect(res.id).toMatch(/^resp_emu/);
    expect(res.output_text).toBe(DEFAULT_ANSWER);
    expect(res.usage?.output_tokens).toBeGreaterThan(0);
    const sent = upstream(n)!;
    expect(sent.path).toBe(path);
    expect(sent.body).toMatchObject({ model: deployment, instructions: "Be brief." });
    expect(sent.headers["api-key"]).toBe("azure-emulated");
    expect(sent.headers.authorization).toBeUndefined();
  });

  it("streams Azure's events as they came", async () => {
    const n = nonce();
    const stream = client.responses.stream({ model, input: `Hello ${n}`, store: false });
    const types: string[] = [];
    for await (const ev of stream) types.push(ev.type);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(DEFAULT_ANSWER);
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    expect(types.slice(0, 2)).toEqual(["response.created", "response.in_progress"]);
    expect(types.at(-1)).toBe("response.completed");
    expect(upstream(n)!.path).toBe(path);
  });

  it.each([false, true])("runs a tool loop with function_call_output (stream: %s)", async (streamed) => {
    const n = nonce();
    const input: OpenAI.Responses.ResponseInput = [{ role: "user", content: `Weather in Paris? ${n}` }];
    const first = streamed
      ? await client.responses.stream({ model, input, tools: [WEATHER], store: false }).finalResponse()
      : await client.responses.create({ model, input, tools: [WEATHER], store: false });
    const call = first.output.find((i) => i.type === "function_call");
    if (call?.type !== "function_call") throw new Error("expected a function call");
    expect(JSON.parse(call.arguments)).toEqual({ location: "Paris", unit: "celsius" });
    const next = await client.responses.create({
      model,
      tools: [WEATHER],
      store: false,
      input: [...input, call, { type: "function_call_output", call_id: call.call_id, output: '{"temp":18}' }],
    });
    expect(next.output_text).toContain("Paris");
    const sent = emulator.requests.filter((r) => r.op === "chat" && JSON.stringify(r.body).includes(n));
    expect(sent.map((r) => r.path)).toEqual([path, path]);
    expect(JSON.stringify(sent[1]!.body)).toContain("function_call_output");
  });

  it("continues a stored response with previous_response_id, for its own key only", async () => {
    const first = await client.responses.create({ model, input: "My name is Ada. [[scenario:echo]]" });
    const n = nonce();
    const next = await client.responses.create({
      model,
      previous_response_id: first.id,
      input: `Name? ${n}`,
    });
    expect(next.status).toBe("completed");
    // Tollgate expands the stored transcript in front of the new input before Azure sees it.
    const sent = JSON.stringify(upstream(n)!.body);
    expect(sent.indexOf("My name is Ada.")).toBeGreaterThan(-1);
    expect(sent.indexOf("My name is Ada.")).toBeLessThan(sent.indexOf(`Name? ${n}`));
    expect(upstream(n)!.body).not.toHaveProperty("previous_response_id");
    await expect(
      other.responses.create({ model, previous_response_id: first.id, input: "And mine?" }),
    ).rejects.toMatchObject({ status: 404, code: "previous_response_not_found" });
  });

  it("passes a built-in tool through to Azure", async () => {
    const res = await client.responses.create({
      model,
      input: "news?",
      tools: [{ type: "web_search" }],
      store: false,
    });
    expect(res.object).toBe("response");
  });
});

describe("Azure without the Responses API, and api: responses", () => {
  it("translates a Responses client through Chat Completions on an older api-version", async () => {
    const n = nonce();
    const res = await client.responses.create({ model: "old", input: `Hello ${n}`, store: false });
    expect(res.output_text).toBe(DEFAULT_ANSWER);
    expect(res.id).not.toMatch(/^resp_emu/);
    expect(upstream(n)!.path).toBe("/openai/deployments/gpt4o-old/chat/completions?api-version=2024-10-21");
  });

  it("answers Azure's refused key as a 401 in the Responses shape", async () => {
    await expect(client.responses.create({ model: "bad", input: "Hi", store: false })).rejects.toMatchObject({
      status: 401,
    });
  });

  it("serves Chat Completions and Messages clients through Azure's Responses API", async () => {
    const n = nonce();
    const chat = await client.chat.completions.create({
      model: "via-responses",
      messages: [{ role: "user", content: `Hi ${n}` }],
    });
    expect(chat.choices[0]!.message.content).toBe(DEFAULT_ANSWER);
    const sent = upstream(n)!;
    expect(sent.path).toBe("/openai/responses?api-version=2025-04-01-preview");
    expect(sent.body).toMatchObject({ model: "o3-dated", store: false });
    const m = nonce();
    const stream = anthropic.messages.stream({
      model: "via-responses",
      max_tokens: 256,
      messages: [{ role: "user", content: `Hi ${m}` }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]?.type === "text" && final.content[0].text).toBe(DEFAULT_ANSWER);
    expect(upstream(m)!.path).toBe("/openai/responses?api-version=2025-04-01-preview");
  });

  it("refuses api: responses where the api-version has no Responses API, naming the versions that do", async () => {
    await expect(
      client.chat.completions.create({
        model: "via-responses-old",
        messages: [{ role: "user", content: "Hi" }],
      }),
    ).rejects.toMatchObject({ status: 400, code: "unsupported_operation" });
  });
});

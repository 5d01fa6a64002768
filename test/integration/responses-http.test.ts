/**
 * The Responses API's edges over raw HTTP: built-in tools (refused on translation, passed through
 * to OpenAI), validation errors in the Responses shape (naming the client's own fields), a mid-stream failure as an `error` event,
 * stored responses' input items, and the routes' methods.
 */
import { pino } from "pino";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { SseParser } from "../../src/wire/sse.js";
import { conformanceConfig, modelName, TARGETS } from "../conformance/targets.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";

const KEY = "tg-responses-http-0123456789";
/** The first column is OpenAI's own (passthrough), the second one is served by translation. */
const [PASSTHROUGH, TRANSLATED] = TARGETS.map((t) => modelName(t));

let emulators: Emulator[];
let gateway: Gateway;
let url: string;

beforeAll(async () => {
  const all = await startAllEmulators();
  const local = await startLocalEmulators();
  emulators = [all, local];
  const config = conformanceConfig({ all: all.url, local: local.url }, KEY);
  config.storage = { records: { backend: "sqlite", path: ":memory:" } };
  gateway = createGateway({ config, env: {}, logger: pino({ level: "silent" }) });
  ({ url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false }));
});
afterAll(async () => {
  await gateway?.close(0);
  for (const e of emulators ?? []) await e.close();
});

/** A response body as the tests read it (`error`, `id`, `object`, `data`…). */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field.
type Body = Record<string, any>;

async function call(path: string, body?: unknown, method = body ? "POST" : "GET") {
  const res = await request(`${url}${path}`, {
    method: method as "GET",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, text, json: () => JSON.parse(text) as Body };
}

describe("Responses API over HTTP", () => {
  it("the first two conformance columns are one passthrough and one translated target", async () => {
    const pt = await call("/v1/responses", { model: PASSTHROUGH, input: "hi", store: false });
    const tr = await call("/v1/responses", { model: TRANSLATED, input: "hi", store: false });
    expect(pt.json().id).toMatch(/^resp_emu/);
    expect(tr.json().id).not.toMatch(/^resp_emu/);
  });

  it("refuses a built-in tool with 400 on translation, and passes it through to OpenAI", async () => {
    const body = { input: "news?", tools: [{ type: "web_search" }], store: false };
    const refused = await call("/v1/responses", { ...body, model: TRANSLATED });
    expect(refused.status).toBe(400);
    expect(refused.json().error).toMatchObject({
      type: "invalid_request_error",
      code: "unsupported_builtin_tool",
      param: "tools",
    });
    expect(refused.json().error.message).toContain("web_search");
    const passed = await call("/v1/responses", { ...body, model: PASSTHROUGH });
    expect(passed.status).toBe(200);
    expect(passed.json().object).toBe("response");
  });

  it("refuses a built-in tool's input item on translation", async () => {
    const input = [
      { type: "web_search_call", id: "ws_1", status: "completed" },
      { role: "user", content: "and?" },
    ];
    const res = await call("/v1/responses", { model: TRANSLATED, input, store: false });
    expect(res.status).toBe(400);
    expect(res.json().error).toMatchObject({ code: "unsupported_builtin_tool", param: "input" });
  });

  it.each([
    [{ input: "hi" }, "model"],
    [{ model: "x", input: [{ role: "robot", content: "hi" }] }, "input.0"],
    [{ model: "x", input: [{ type: "function_call", name: "f", arguments: "{}" }] }, "input.0"],
    [{ model: "x", input: "hi", max_output_tokens: 3 }, "max_output_tokens"],
    [{ model: "x", input: "hi", text: { format: { type: "json_schema" } } }, "text.format.name"],
    [
      { model: "x", input: [{ role: "user", content: [{ type: "input_image", file_id: "f" }] }] },
      "input.0.content.0.image_url",
    ],
  ] as Array<[Record<string, unknown>, string]>)(
    "answers a bad request %j with 400 naming %s",
    async (body, param) => {
      const res = await call("/v1/responses", { ...body, ...(body.model ? { model: TRANSLATED } : {}) });
      expect(res.status).toBe(400);
      expect(res.json().error.type).toBe("invalid_request_error");
      expect(String(res.json().error.param)).toContain(param);
    },
  );

  it("names `text.format`, the client's field, when a provider refuses JSON mode", async () => {
    // JSON mode with thinking: Claude's JSON mode is a forced tool, which thinking forbids, so
    // some columns refuse the pair. Every refusal must speak the client's field names.
    const body = (model: string) => ({
      model,
      input: "JSON please",
      text: { format: { type: "json_object" } },
      reasoning: { effort: "high" },
      store: false,
    });
    let refusals = 0;
    for (const t of TARGETS) {
      const res = await call("/v1/responses", body(modelName(t)));
      if (res.status !== 400 || res.json().error?.param === "reasoning.effort") continue;
      refusals++;
      expect(res.json().error).toMatchObject({ code: "unsupported_parameter", param: "text.format" });
      expect(res.json().error.message).toContain("'text.format'");
      expect(res.json().error.message).not.toContain("response_format");
      const streamed = await call("/v1/responses", { ...body(modelName(t)), stream: true });
      expect(streamed.status).toBe(400);
      expect(streamed.json().error.param).toBe("text.format");
    }
    expect(refusals).toBeGreaterThan(0);
  });

  it("ends a stream that fails mid-way with an error event, never response.completed", async () => {
    const res = await call("/v1/responses", {
      model: TRANSLATED,
      input: "hi [[scenario:reset-mid-stream]]",
      stream: true,
      store: false,
    });
    const events = new SseParser().push(res.text);
    const types = events.map((e) => e.event);
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("error");
    expect(types).not.toContain("response.completed");
    const last = JSON.parse(events.at(-1)!.data);
    expect(last).toMatchObject({ type: "error" });
    expect(typeof last.sequence_number).toBe("number");
  });

  it("lists a stored response's input items and refuses other methods", async () => {
    const first = (await call("/v1/responses", { model: TRANSLATED, input: "first" })).json();
    const items = await call(`/v1/responses/${first.id}/input_items`);
    expect(items.json()).toMatchObject({ object: "list", has_more: false });
    expect(JSON.stringify(items.json().data)).toContain("first");
    expect((await call(`/v1/responses/${first.id}`, undefined, "PUT")).status).toBe(405);
    expect((await call(`/v1/responses/${first.id}/input_items`, undefined, "DELETE")).status).toBe(405);
    expect((await call("/v1/responses/nope")).json().error.code).toBe("response_not_found");
  });

  it("does not store a response sent with store: false", async () => {
    const r = (await call("/v1/responses", { model: TRANSLATED, input: "hi", store: false })).json();
    expect((await call(`/v1/responses/${r.id}`)).status).toBe(404);
  });
});

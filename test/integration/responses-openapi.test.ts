/**
 * What Tollgate's Responses dialect returns, validated against the vendored OpenAI OpenAPI
 * document (`Response`, `ResponseStreamEvent`): translated answers from a provider that is not
 * OpenAI, text and tool calls, JSON and every stream event.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { pino } from "pino";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { SseParser } from "../../src/wire/sse.js";
import { conformanceConfig, modelName, TARGETS } from "../conformance/targets.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { ROOT } from "../support/golden.js";

const KEY = "tg-responses-openapi-0123456789";
/** A column served by translation (the first one is OpenAI's own passthrough). */
const MODEL = modelName(TARGETS[1]!);
const TOOLS = [{ type: "function", name: "get_weather", parameters: { type: "object", properties: {} } }];

let validate: (name: string, value: unknown) => string[];
/** The document's schemas, by name (as parsed, before `withNullable`). */
let schemas: Record<string, Schema>;
let emulators: Emulator[];
let gateway: Gateway;
let url: string;

interface Schema {
  properties?: Record<string, Schema>;
}

/**
 * Fields of `value` that `schema` does not declare, at any depth of declared objects. The document
 * leaves `additionalProperties` open, so Ajv alone would accept a field OpenAI never sends (an SDK
 * decoding strictly, or a client comparing usage to OpenAI's, would not).
 */
function undeclared(schema: Schema, value: unknown, at = ""): string[] {
  if (!schema.properties || !value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const sub = schema.properties![k];
    return sub ? undeclared(sub, v, `${at}.${k}`) : [`${at}.${k}`];
  });
}

/** The document still uses OpenAPI 3.0's `nullable` in places; in JSON Schema that is "or null". */
function withNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullable);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== "nullable") out[k] = withNullable(v);
  return (node as { nullable?: unknown }).nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}

beforeAll(async () => {
  const spec = parse(
    readFileSync(join(ROOT, "test", "fixtures", "specs", "openai-openapi.yaml"), "utf8"),
  ) as {
    components: { schemas: Record<string, Schema> };
  };
  schemas = spec.components.schemas;
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: "openai-openapi", components: withNullable(spec.components) });
  validate = (name, value) => {
    const fn = ajv.getSchema(`openai-openapi#/components/schemas/${name}`)!;
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
  const all = await startAllEmulators();
  const local = await startLocalEmulators();
  emulators = [all, local];
  const config = conformanceConfig({ all: all.url, local: local.url }, KEY);
  config.storage = { records: { backend: "sqlite", path: ":memory:" } };
  gateway = createGateway({ config, env: {}, logger: pino({ level: "silent" }) });
  ({ url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false }));
}, 60_000);
afterAll(async () => {
  await gateway?.close(0);
  for (const e of emulators ?? []) await e.close();
});

async function post(body: unknown): Promise<string> {
  const res = await request(`${url}/v1/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return res.body.text();
}

describe("Responses API output against the OpenAPI document", () => {
  it.each([{}, { tools: TOOLS }])("a response object matches Response (%j)", async (extra) => {
    const res = JSON.parse(await post({ model: MODEL, input: "hi", ...extra }));
    expect(validate("Response", res)).toEqual([]);
    expect(undeclared(schemas.ResponseUsage!, res.usage)).toEqual([]);
  });

  it("usage has exactly the document's fields, also on the stream's final event", async () => {
    const events = new SseParser().push(await post({ model: MODEL, input: "hi", stream: true }));
    const done = JSON.parse(events.at(-1)!.data) as { type: string; response: { usage: unknown } };
    expect(done.type).toBe("response.completed");
    expect(undeclared(schemas.ResponseUsage!, done.response.usage)).toEqual([]);
    // The check itself sees a field the document does not declare, at any depth.
    const usage = done.response.usage as { input_tokens_details: object };
    const extra = {
      ...usage,
      cost: 1,
      input_tokens_details: { ...usage.input_tokens_details, audio_tokens: 0 },
    };
    expect(undeclared(schemas.ResponseUsage!, extra).sort()).toEqual([
      ".cost",
      ".input_tokens_details.audio_tokens",
    ]);
  });

  it.each([{}, { tools: TOOLS }])("every stream event matches ResponseStreamEvent (%j)", async (extra) => {
    const events = new SseParser().push(await post({ model: MODEL, input: "hi", stream: true, ...extra }));
    expect(events.length).toBeGreaterThan(4);
    for (const ev of events)
      expect([ev.event, ...validate("ResponseStreamEvent", JSON.parse(ev.data))]).toEqual([ev.event]);
  });
});

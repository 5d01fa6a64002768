/**
 * What Tollgate returns to OpenAI clients, validated against the published OpenAI OpenAPI document
 * (vendored in test/fixtures/specs/, with its source and checksum): chat completions from every
 * provider of the reference config, stream chunks, embeddings, the model list and errors.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { decodeSse } from "../../src/wire/sse.js";
import { ROOT } from "../support/golden.js";
import { type Harness, KEY, startHarness } from "./harness.js";

const SPECS = join(ROOT, "test", "fixtures", "specs");
const SPEC = join(SPECS, "openai-openapi.yaml");

describe("the vendored OpenAPI document", () => {
  it("is the one its README names (source, commit and checksum)", () => {
    const sha = createHash("sha256").update(readFileSync(SPEC)).digest("hex");
    expect(readFileSync(join(SPECS, "README.md"), "utf8")).toContain(`\`${sha}\``);
  });
});

type Validate = (name: string, value: unknown) => string[];
let validate: Validate;
let h: Harness;

beforeAll(async () => {
  const spec = parse(readFileSync(SPEC, "utf8")) as { components: { schemas: Record<string, unknown> } };
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: "openai-openapi", components: withNullable(spec.components) });
  validate = (name, value) => {
    const fn = ajv.getSchema(`openai-openapi#/components/schemas/${name}`)!;
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
  h = await startHarness();
}, 60_000);
afterAll(() => h?.close());

/** The document still uses OpenAPI 3.0's `nullable` in places; in JSON Schema that is "or null". */
function withNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullable);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== "nullable") out[k] = withNullable(v);
  return (node as { nullable?: unknown }).nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}

async function call(path: string, body?: unknown) {
  const res = await request(`${h.url}${path}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return res;
}

const TOOLS = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } },
];

describe.each(["gpt-4o-mini", "claude-sonnet", "azure-gpt", "llama"])("OpenAPI schemas → %s", (model) => {
  it("chat completion (text and tool call) matches CreateChatCompletionResponse", async () => {
    for (const extra of [{}, { tools: TOOLS }]) {
      const res = await call("/v1/chat/completions", {
        model,
        messages: [{ role: "user", content: "hi" }],
        ...extra,
      });
      expect(validate("CreateChatCompletionResponse", await res.body.json())).toEqual([]);
    }
  });

  it("every stream chunk matches CreateChatCompletionStreamResponse", async () => {
    const res = await call("/v1/chat/completions", {
      model,
      stream: true,
      stream_options: { include_usage: true },
      tools: TOOLS,
      messages: [{ role: "user", content: "hi" }],
    });
    let n = 0;
    for await (const ev of decodeSse(res.body)) {
      if (ev.data === "[DONE]") continue;
      n++;
      expect(validate("CreateChatCompletionStreamResponse", JSON.parse(ev.data))).toEqual([]);
    }
    expect(n).toBeGreaterThan(2);
  });
});

describe("OpenAPI schemas → other endpoints", () => {
  it("models list, embeddings and errors", async () => {
    expect(validate("ListModelsResponse", await (await call("/v1/models")).body.json())).toEqual([]);
    const emb = await call("/v1/embeddings", { model: "embed-small", input: "hello" });
    expect(validate("CreateEmbeddingResponse", await emb.body.json())).toEqual([]);
    const err = await call("/v1/chat/completions", {
      model: "nope",
      messages: [{ role: "user", content: "x" }],
    });
    expect(err.statusCode).toBe(404);
    expect(validate("ErrorResponse", await err.body.json())).toEqual([]);
  });
});

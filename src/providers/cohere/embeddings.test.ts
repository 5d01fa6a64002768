import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import { GatewayError } from "../../canonical/errors.js";
import { testContext, testProvider } from "./__fixtures__/context.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__", "embeddings");
const provider = testProvider();
const embeddings = provider.embeddings!;
const embedContext = () => testContext("error", "embed-v4.0");

describe("cohere embeddings", () => {
  it("encodes a request with Cohere's required input_type", async () => {
    const up = await embeddings.encode(
      { model: "alias", input: ["sunny day at the beach", "rainy day in the city"], dimensions: 256 },
      embedContext(),
    );
    expectGolden(join(FIXTURES, "request.expected.json"), {
      url: up.url,
      headers: up.headers,
      body: JSON.parse(String(up.body)),
    });
  });

  it.each([
    [undefined, "search_document"],
    ["search_query", "search_query"],
    ["RETRIEVAL_QUERY", "search_query"],
    ["clustering", "clustering"],
  ])("maps input_type %s to %s", async (hint, expected) => {
    const up = await embeddings.encode(
      { model: "m", input: ["x"], ...(hint ? { input_type: hint } : {}) },
      embedContext(),
    );
    expect(JSON.parse(String(up.body)).input_type).toBe(expected);
  });

  it("asks for base64 embeddings when the client does", async () => {
    const up = await embeddings.encode(
      { model: "m", input: ["x"], encoding_format: "base64" },
      embedContext(),
    );
    expect(JSON.parse(String(up.body)).embedding_types).toEqual(["base64"]);
  });

  it("sends dimensions as output_dimension to Embed v4, and refuses or drops it for v3", async () => {
    const sized = await embeddings.encode({ model: "m", input: ["x"], dimensions: 512 }, embedContext());
    expect(JSON.parse(String(sized.body)).output_dimension).toBe(512);
    const ask = { model: "m", input: ["x"], dimensions: 512 };
    const v3 = Promise.resolve().then(() =>
      embeddings.encode(ask, testContext("error", "embed-english-v3.0")),
    );
    await expect(v3).rejects.toMatchObject({
      code: "unsupported_parameter",
      param: "dimensions",
    });
    const dropped = await embeddings.encode(ask, testContext("drop", "embed-english-v3.0"));
    expect(JSON.parse(String(dropped.body)).output_dimension).toBeUndefined();
  });

  it("refuses token-array input", async () => {
    const err = await Promise.resolve()
      .then(() => embeddings.encode({ model: "m", input: [[1, 2]] }, embedContext()))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ code: "unsupported_parameter", param: "input" });
  });

  it.each(["float", "base64"])("decodes the recorded %s response", (name) => {
    const body = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));
    const res = embeddings.decode(body, embedContext());
    expectGolden(join(FIXTURES, `${name}.expected.json`), res);
    expect(res.data).toHaveLength(body.texts.length);
  });

  it("refuses a response without embeddings", () => {
    expect(() => embeddings.decode({ id: "x", embeddings: {} }, embedContext())).toThrow(GatewayError);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import type { EmbeddingsRequest } from "../../canonical/embeddings.js";
import { fixture, makeCtx, makeProvider } from "./__fixtures__/harness.js";

const provider = makeProvider();
const embeddings = provider.embeddings!;
const TITAN = "amazon.titan-embed-text-v2:0";
const COHERE = "cohere.embed-english-v3";

async function encode(req: Partial<EmbeddingsRequest>, model: string, mode: "error" | "drop" = "error") {
  const ctx = makeCtx(model, mode);
  const r = await embeddings.encode({ model: "alias", input: ["hello world"], ...req }, ctx);
  return {
    url: r.url,
    body: JSON.parse(String(r.body)) as unknown,
    warnings: ctx.warnings,
    headers: r.headers,
  };
}

const recorded = (name: string): unknown =>
  JSON.parse(readFileSync(fixture("embeddings", `${name}.response.json`), "utf8"));

describe("bedrock embeddings: encode", () => {
  it("Titan V2: one inputText per call, dimensions and normalize, signed InvokeModel", async () => {
    const r = await encode({ dimensions: 256 }, TITAN);
    expect(r.url).toBe(
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke",
    );
    expect(r.body).toEqual({ inputText: "hello world", dimensions: 256, normalize: true });
    expect(r.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=/);
  });

  it("Titan refuses several inputs with a 400 whatever on_unsupported says", async () => {
    for (const mode of ["error", "drop"] as const) {
      await expect(encode({ input: ["a", "b"] }, TITAN, mode)).rejects.toMatchObject({
        status: 400,
        code: "unsupported_parameter",
        param: "input",
      });
    }
  });

  it("Titan V1 takes no dimensions; Titan has no input_type", async () => {
    await expect(encode({ dimensions: 256 }, "amazon.titan-embed-text-v1")).rejects.toMatchObject({
      param: "dimensions",
    });
    const r = await encode(
      { dimensions: 256, input_type: "search_query" },
      "amazon.titan-embed-text-v1",
      "drop",
    );
    expect(r.body).toEqual({ inputText: "hello world" });
    expect(r.warnings).toHaveLength(2);
  });

  it("Cohere: all texts in one call, input_type defaulting to search_document", async () => {
    expect((await encode({ input: ["a", "b"] }, COHERE)).body).toEqual({
      texts: ["a", "b"],
      input_type: "search_document",
    });
    expect((await encode({ input_type: "search_query" }, COHERE)).body).toEqual({
      texts: ["hello world"],
      input_type: "search_query",
    });
    expect((await encode({ dimensions: 512 }, "cohere.embed-v4:0")).body).toEqual({
      texts: ["hello world"],
      input_type: "search_document",
      output_dimension: 512,
    });
    await expect(encode({ dimensions: 512 }, COHERE)).rejects.toMatchObject({ param: "dimensions" });
  });

  it.each([
    ["RETRIEVAL_QUERY", "search_query"],
    ["RETRIEVAL_DOCUMENT", "search_document"],
    ["CLASSIFICATION", "classification"],
    ["CLUSTERING", "clustering"],
  ])("Cohere: maps the task type %s to input_type %s, as the Cohere provider does", async (hint, want) => {
    expect((await encode({ input_type: hint }, COHERE)).body).toMatchObject({ input_type: want });
  });

  it("Cohere: a Gemini-style query hint gives the request body of the Bedrock user guide's example", async () => {
    // cohere-input-type.request.json is the request of "Cohere Embed models" in the Bedrock user
    // guide (model-parameters-embed.html), with the query text of the Tollgate inputs.
    const golden = JSON.parse(readFileSync(fixture("embeddings", "cohere-input-type.request.json"), "utf8"));
    expect((await encode({ input_type: "RETRIEVAL_QUERY" }, COHERE)).body).toEqual(golden);
  });

  it("refuses token arrays and models it does not know", async () => {
    await expect(encode({ input: [[1, 2, 3]] }, COHERE)).rejects.toMatchObject({ param: "input" });
    await expect(encode({}, "amazon.nova-2-multimodal-embeddings-v1:0")).rejects.toMatchObject({
      param: "model",
    });
  });
});

describe("bedrock embeddings: decode recorded responses", () => {
  for (const [name, model] of [
    ["titan-v2", TITAN],
    ["cohere-v3", COHERE],
    ["cohere-v4", "cohere.embed-v4:0"],
  ] as const) {
    it(`${name} → expected canonical response`, () => {
      const res = embeddings.decode(recorded(name), makeCtx(model));
      expectGolden(fixture("embeddings", `${name}.expected.json`), res);
    });
  }

  it("Titan's token count is the provider's; Cohere's is an estimate", () => {
    expect(embeddings.decode(recorded("titan-v2"), makeCtx(TITAN)).usage).toEqual({
      input_tokens: 6,
      source: "provider",
    });
    const cohere = embeddings.decode(recorded("cohere-v3"), makeCtx(COHERE));
    expect(cohere.usage.source).toBe("estimated");
    expect(cohere.data.map((d) => d.index)).toEqual([0, 1]);
    expect(() => embeddings.decode({ nothing: true }, makeCtx(COHERE))).toThrow(/no embedding/);
  });
});

import { describe, expect, it } from "vitest";
import type { EmbeddingsResponse } from "../../canonical/embeddings.js";
import { fromBase64Embedding, renderOpenAIEmbeddings, toBase64Embedding } from "./embeddings.js";

const VECTOR = [0.5, -0.25, 0.125, 3.0517578125e-5];
const response = (embedding: number[] | string): EmbeddingsResponse => ({
  model: "m",
  data: [{ index: 0, embedding }],
  usage: { input_tokens: 3 },
});
const first = (out: unknown) => (out as { data: Array<{ embedding: unknown }> }).data[0]!.embedding;

describe("OpenAI dialect: embeddings encoding", () => {
  it("renders float vectors as base64 little-endian float32 when asked", () => {
    const b64 = first(renderOpenAIEmbeddings(response(VECTOR), "base64"));
    expect(typeof b64).toBe("string");
    const bytes = Buffer.from(b64 as string, "base64");
    expect(bytes.length).toBe(VECTOR.length * 4);
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, VECTOR.length))).toEqual(VECTOR);
  });

  it("renders floats by default and decodes a provider's base64 when the client wants floats", () => {
    expect(first(renderOpenAIEmbeddings(response(VECTOR)))).toEqual(VECTOR);
    expect(first(renderOpenAIEmbeddings(response(toBase64Embedding(VECTOR)), "float"))).toEqual(VECTOR);
  });

  it("passes a provider's base64 through untouched when the client wants base64", () => {
    const b64 = toBase64Embedding(VECTOR);
    expect(first(renderOpenAIEmbeddings(response(b64), "base64"))).toBe(b64);
    expect(fromBase64Embedding(b64)).toEqual(VECTOR);
  });

  it("rounds to float32 as OpenAI's base64 does", () => {
    expect(fromBase64Embedding(toBase64Embedding([0.1]))).toEqual([Math.fround(0.1)]);
  });
});

import { describe, expect, it } from "vitest";
import { testCtx } from "./__fixtures__/test-ctx.js";
import { geminiProvider } from "./index.js";

const provider = geminiProvider.create("google", { type: "gemini", api_key: "k" });
const embeddings = provider.embeddings!;

describe("gemini embeddings", () => {
  it("uses embedContent for one input, with the task type and dimensions", async () => {
    const ctx = testCtx("gemini-embedding-001");
    const up = await embeddings.encode(
      { model: "e", input: ["hello world"], input_type: "search_query", dimensions: 8 },
      ctx,
    );
    expect(up.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent",
    );
    expect(JSON.parse(String(up.body))).toEqual({
      content: { parts: [{ text: "hello world" }] },
      taskType: "RETRIEVAL_QUERY",
      outputDimensionality: 8,
    });
    const res = embeddings.decode({ embedding: { values: [0.1, 0.2] } }, ctx);
    expect(res).toEqual({
      model: "gemini-embedding-001",
      data: [{ index: 0, embedding: [0.1, 0.2] }],
      usage: { input_tokens: 3, source: "estimated" },
    });
  });

  it("uses batchEmbedContents for several inputs, each naming the model", async () => {
    const ctx = testCtx("gemini-embedding-001");
    const up = await embeddings.encode(
      { model: "e", input: ["a", "bbbbbbbbb"], input_type: "search_document" },
      ctx,
    );
    expect(up.url).toMatch(/:batchEmbedContents$/);
    const body = JSON.parse(String(up.body));
    expect(body.requests).toEqual([
      {
        model: "models/gemini-embedding-001",
        content: { parts: [{ text: "a" }] },
        taskType: "RETRIEVAL_DOCUMENT",
      },
      {
        model: "models/gemini-embedding-001",
        content: { parts: [{ text: "bbbbbbbbb" }] },
        taskType: "RETRIEVAL_DOCUMENT",
      },
    ]);
    const res = embeddings.decode({ embeddings: [{ values: [1] }, { values: [2] }] }, ctx);
    expect(res.data.map((d) => d.embedding)).toEqual([[1], [2]]);
    expect(res.usage).toEqual({ input_tokens: 4, source: "estimated" });
  });

  it("refuses token-id input and unknown input types", async () => {
    await expect(async () => embeddings.encode({ model: "e", input: [[1, 2]] }, testCtx())).rejects.toThrow(
      /not supported/,
    );
    await expect(async () =>
      embeddings.encode({ model: "e", input: ["a"], input_type: "x" }, testCtx()),
    ).rejects.toThrow(/input_type/);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectGolden, ROOT } from "../../../test/support/golden.js";
import { testCtx } from "./__fixtures__/test-ctx.js";
import { decodeGeminiResponse } from "./response.js";

/**
 * Recorded GenerateContentResponse bodies. logprobs.json (issue 9, item 9) follows the
 * `LogprobsResult` of the Gemini API reference (ai.google.dev/api/generate-content#LogprobsResult:
 * `topCandidates[].candidates[]` and `chosenCandidates[]` of `{token, tokenId, logProbability}`,
 * beside the candidate's `avgLogprobs`).
 */
const DIR = join(ROOT, "src", "providers", "gemini", "__fixtures__", "responses");
const inputs = readdirSync(DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"));
const decode = (file: string) => {
  const ctx = testCtx();
  const res = decodeGeminiResponse(JSON.parse(readFileSync(join(DIR, file), "utf8")), ctx);
  return { res, warnings: ctx.warnings };
};

beforeAll(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2025-09-15T12:00:00Z"));
});
afterAll(() => vi.useRealTimers());

describe("gemini decode: recorded responses", () => {
  it("has fixtures", () => expect(inputs.length).toBeGreaterThanOrEqual(7));
  for (const file of inputs) {
    it(file, () => expectGolden(join(DIR, file.replace(/\.json$/, ".expected.json")), decode(file)));
  }

  it("counts thoughts as output and reasoning, cached as part of input", () => {
    const { res } = decode("tool-calls-parallel.json");
    expect(res.usage).toEqual({
      input_tokens: 61,
      output_tokens: 96,
      cached_tokens: 32,
      reasoning_tokens: 66,
      source: "provider",
    });
    expect(res.choices[0]!.finish_reason).toBe("tool_calls");
    expect(res.choices[0]!.message.tool_calls!.map((c) => c.id)).toEqual(["call_0", "call_1"]);
    expect(res.choices[0]!.message.content[0]).toMatchObject({
      type: "thinking",
      signature: expect.any(String),
    });
  });

  it("turns a blocked prompt into an empty content_filter answer", () => {
    const { res } = decode("prompt-blocked.json");
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0]).toMatchObject({ finish_reason: "content_filter", raw_finish_reason: "SAFETY" });
    expect(res.choices[0]!.message.content).toEqual([]);
  });

  it("uses Vertex's createTime and candidate positions", () => {
    const { res } = decode("two-candidates-vertex.json");
    expect(res.created).toBe(Math.floor(Date.parse("2025-09-15T18:04:12.713244Z") / 1000));
    expect(res.choices.map((c) => c.index)).toEqual([0, 1]);
  });

  it("refuses a body that is not a response", () => {
    expect(() => decodeGeminiResponse({ foo: 1 }, testCtx())).toThrow(/unexpected response/);
  });
});

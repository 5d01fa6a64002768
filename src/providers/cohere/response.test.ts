import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replayCut } from "../../../test/support/chunking.js";
import { expectGolden } from "../../../test/support/golden.js";
import { collectChunks } from "../../canonical/collect.js";
import { GatewayError } from "../../canonical/errors.js";
import { testContext, testProvider, withoutCreated } from "./__fixtures__/context.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__");
const provider = testProvider();
// logprobs.json (issue 9, item 9) has the `logprobs` of Cohere's v2 chat reference
// (docs.cohere.com/reference/chat, `LogprobItem`: `text`, `token_ids`, `logprobs` per chunk).
const RESPONSES = ["text", "tool-call", "reasoning", "cached-usage", "billed-only", "logprobs"];

function load(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, "responses", `${name}.json`), "utf8"));
}

describe("cohere chat decode", () => {
  it.each(RESPONSES)("decodes the recorded %s response", (name) => {
    const res = provider.chat.decode(load(name), testContext());
    expectGolden(join(FIXTURES, "responses", `${name}.expected.json`), withoutCreated(res));
  });

  it("names the requested upstream model (Cohere responses carry none)", () => {
    const res = provider.chat.decode(load("text"), testContext());
    expect(res.model).toBe("command-a-03-2025");
    expect(res.created).toBeGreaterThan(0);
  });

  it("counts cached tokens inside input tokens, from usage.tokens", () => {
    const res = provider.chat.decode(load("cached-usage"), testContext());
    expect(res.usage).toEqual({
      input_tokens: 1549,
      output_tokens: 1,
      cached_tokens: 1504,
      source: "provider",
    });
    expect(res.choices[0]?.finish_reason).toBe("length");
    expect(res.choices[0]?.raw_finish_reason).toBe("MAX_TOKENS");
  });

  it("falls back to billed_units when tokens are absent", () => {
    const res = provider.chat.decode(load("billed-only"), testContext());
    expect(res.usage).toEqual({ input_tokens: 12, output_tokens: 1, source: "provider" });
  });

  it("gives the same answer as the stream fold for the same content", async () => {
    // The recorded stream tool-calls.sse and the JSON tool-call.json both say a plan then two calls.
    const json = provider.chat.decode(load("tool-call"), testContext());
    expect(json.choices[0]?.message.content).toEqual([
      { type: "text", text: "I will look up the weather in Paris and in Tokyo." },
    ]);
    const bytes = readFileSync(join(FIXTURES, "streams", "tool-calls.sse"));
    const folded = await collectChunks(provider.chat.decodeStream(replayCut(bytes, []), testContext()));
    expect(folded.choices[0]?.message.tool_calls?.map((t) => t.name)).toEqual(["get_weather", "get_weather"]);
    expect(folded.choices[0]?.finish_reason).toBe(json.choices[0]?.finish_reason);
  });

  it("warns about content types it cannot represent", () => {
    const ctx = testContext();
    provider.chat.decode(
      {
        id: "x",
        message: { role: "assistant", content: [{ type: "image", url: "u" }] },
        finish_reason: "COMPLETE",
      },
      ctx,
    );
    expect(ctx.warnings.join()).toMatch(/image/);
  });

  it("refuses a body without a message", () => {
    expect(() => provider.chat.decode({ id: "x" }, testContext())).toThrow(GatewayError);
  });
});

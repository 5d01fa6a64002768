import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import { fixture, makeCtx, makeProvider, NOVA, pinResponse } from "./__fixtures__/harness.js";

const provider = makeProvider();
const RESPONSES = readdirSync(fixture("responses"))
  .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
  .map((f) => f.slice(0, -5));

describe("bedrock decode: recorded Converse responses", () => {
  it("has the recorded responses", () => {
    expect(RESPONSES.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of RESPONSES) {
    it(`${name} → expected canonical response`, () => {
      const body = JSON.parse(readFileSync(fixture("responses", `${name}.json`), "utf8")) as unknown;
      expectGolden(
        fixture("responses", `${name}.expected.json`),
        pinResponse(provider.chat.decode(body, makeCtx())),
      );
    });
  }

  it("counts cache reads and writes into input tokens (Bedrock's inputTokens leaves them out)", () => {
    const body = JSON.parse(readFileSync(fixture("responses", "cache-usage.json"), "utf8")) as unknown;
    expect(provider.chat.decode(body, makeCtx()).usage).toEqual({
      input_tokens: 8 + 1180 + 24,
      output_tokens: 117,
      cached_tokens: 1180,
      cache_write_tokens: 24,
      source: "provider",
    });
  });

  it("names the target's model and refuses a body without stopReason", () => {
    const ok = provider.chat.decode(
      { stopReason: "end_turn", output: { message: { content: [] } } },
      makeCtx(NOVA),
    );
    expect(ok.model).toBe(NOVA);
    expect(ok.choices[0]!.message.content).toEqual([]);
    expect(() => provider.chat.decode({ output: {} }, makeCtx())).toThrow(/unexpected response/);
    expect(() => provider.chat.decode("nope", makeCtx())).toThrow(/unexpected response/);
  });

  it("keeps an unknown stop reason as raw with finish 'other'", () => {
    const res = provider.chat.decode({ stopReason: "something_new" }, makeCtx());
    expect(res.choices[0]).toMatchObject({ finish_reason: "other", raw_finish_reason: "something_new" });
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden, ROOT } from "../../../test/support/golden.js";
import type { CodecContext } from "../types.js";
import { anthropicProvider } from "./index.js";

const DIR = join(ROOT, "src", "providers", "anthropic", "__fixtures__", "responses");
const provider = anthropicProvider.create("claude", { type: "anthropic", api_key: "sk-ant-test-key" });

function context() {
  const warnings: string[] = [];
  const ctx: CodecContext = {
    target: { provider: "claude", model: "claude-sonnet-4-5" },
    warn: (m) => warnings.push(m),
    onUnsupported: "error",
  };
  return { ctx, warnings };
}

const inputs = readdirSync(DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"));

describe("anthropic decode: recorded responses", () => {
  it("has fixtures", () => expect(inputs.length).toBeGreaterThanOrEqual(8));
  for (const file of inputs) {
    it(file, () => {
      const { ctx, warnings } = context();
      const res = provider.chat.decode(JSON.parse(readFileSync(join(DIR, file), "utf8")), ctx);
      expect(res.created).toBeGreaterThan(0);
      expectGolden(join(DIR, file.replace(/\.json$/, ".expected.json")), {
        response: { ...res, created: 0 },
        warnings,
      });
    });
  }

  it("counts cache reads and writes into input tokens", () => {
    const body = JSON.parse(readFileSync(join(DIR, "cache-usage.json"), "utf8"));
    const usage = provider.chat.decode(body, context().ctx).usage;
    expect(usage).toMatchObject({
      input_tokens: 21 + 188 + 1911,
      cached_tokens: 1911,
      cache_write_tokens: 188,
    });
  });

  it("refuses a body that is not a message", () => {
    expect(() => provider.chat.decode({ type: "error" }, context().ctx)).toThrow(/unexpected response/);
    expect(() => provider.chat.decode("nope", context().ctx)).toThrow(/unexpected response/);
  });
});

/**
 * A target's own `price:` (USD per million tokens) prices the usage record of the requests it
 * serves, through the real server; a bad price is a config error naming its path.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../src/index.js";
import type { RequestContext } from "../../src/pipeline/context.js";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
const seen: RequestContext[] = [];
beforeAll(async () => {
  h = await startHarness(
    {},
    {
      onRequestEnd: (ctx) => seen.push(ctx),
      add: {
        models: [
          {
            name: "finetune",
            targets: [
              {
                provider: "openai",
                model: "ft:gpt-4o-mini:acme::abc123",
                price: { input_per_mtok: 3, output_per_mtok: 12, cached_input_per_mtok: 1.5 },
              },
            ],
          },
        ],
      },
    },
  );
});
afterAll(() => h?.close());

describe("per-target price override", () => {
  it("prices the record at the target's own price", async () => {
    const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const res = await openai.chat.completions.create({
      model: "finetune",
      messages: [{ role: "user", content: "hi" }],
    });
    const usage = res.usage!;
    const record = seen.find((c) => c.model === "finetune")?.trace.record;
    expect(record?.input_tokens).toBe(usage.prompt_tokens);
    const cached = record?.cached_tokens ?? 0;
    const expected = ((usage.prompt_tokens - cached) * 3 + cached * 1.5 + usage.completion_tokens * 12) / 1e6;
    expect(record?.cost_usd).toBeCloseTo(expected, 10);
    expect(record?.cost_usd).toBeGreaterThan(0);
  });

  it("leaves targets without one on the built-in table", async () => {
    const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const res = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
    });
    const record = seen.find((c) => c.model === "gpt-4o-mini")?.trace.record;
    const u = res.usage!;
    const builtin = h.gateway.observability?.pricing.priceOf("gpt-4o-mini");
    expect(builtin).toBeTruthy();
    expect(record?.cost_usd).toBeCloseTo(
      ((u.prompt_tokens - (record?.cached_tokens ?? 0)) * builtin!.input_per_mtok +
        (record?.cached_tokens ?? 0) * (builtin!.cached_input_per_mtok ?? builtin!.input_per_mtok) +
        u.completion_tokens * builtin!.output_per_mtok) /
        1e6,
      10,
    );
  });

  it("refuses a misspelled or negative price, naming the path", () => {
    const config = (price: unknown) => ({
      providers: { oa: { type: "openai", api_key: "sk-x" } },
      models: [{ name: "m", targets: [{ provider: "oa", model: "x", price }] }],
      keys: [{ name: "k", key: "tg-0123456789abcdef" }],
    });
    expect(() =>
      createGateway({ config: config({ input_per_mtok: 1, ouput_per_mtok: 2 }), env: {} }),
    ).toThrow(/models\[m\]\.targets\[0\]\.price/);
    expect(() =>
      createGateway({ config: config({ input_per_mtok: -1, output_per_mtok: 2 }), env: {} }),
    ).toThrow(/models\[m\]\.targets\[0\]\.price\.input_per_mtok/);
  });
});

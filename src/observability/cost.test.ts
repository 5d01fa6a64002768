import { describe, expect, it } from "vitest";
import { BUILTIN_PRICES, candidateNames, costAt, PriceTable, pricingConfigSchema } from "./cost.js";

describe("PriceTable", () => {
  const table = new PriceTable();

  it.each([
    ["gpt-4o", "gpt-4o"],
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
    ["claude-sonnet-4-5@20250929", "claude-sonnet-4-5"],
    ["anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku-20241022"],
    ["us.amazon.nova-pro-v1:0", "amazon.nova-pro"],
    ["models/gemini-2.5-flash", "gemini-2.5-flash"],
    ["mistral-large-2411", "mistral-large"],
    ["mistral-large-latest", "mistral-large"],
    ["command-r-plus-08-2024", "command-r-plus"],
    ["openai/o4-mini", "o4-mini"],
  ])("prices %s as %s", (model, key) => {
    expect(BUILTIN_PRICES[key]).toBeDefined();
    expect(table.priceOf(model)).toEqual(BUILTIN_PRICES[key]);
  });

  it("does not confuse a model with its longer sibling", () => {
    expect(table.priceOf("gpt-4.1-mini")?.input_per_mtok).toBe(0.4);
    expect(table.priceOf("gpt-4.1")?.input_per_mtok).toBe(2);
    expect(candidateNames("gpt-4.1-mini")).not.toContain("gpt-4.1");
  });

  it("returns null (not 0) for an unknown model or unknown tokens", () => {
    expect(table.costOf("my-finetune", { input_tokens: 10, output_tokens: 10 })).toBeNull();
    expect(table.costOf(null, { input_tokens: 10, output_tokens: 10 })).toBeNull();
    expect(table.costOf("gpt-4o", { input_tokens: null, output_tokens: 10 })).toBeNull();
  });

  it("bills cached reads at the discount and cache writes at their price (input includes both)", () => {
    // claude-sonnet-4-5: input 3, cache read 0.30, cache write 3.75, output 15 per MTok
    const cost = table.costOf("claude-sonnet-4-5", {
      input_tokens: 1_000_000 + 2_000_000 + 500_000,
      cached_tokens: 2_000_000,
      cache_write_tokens: 500_000,
      output_tokens: 100_000,
    });
    expect(cost).toBeCloseTo(3 + 0.6 + 1.875 + 1.5, 10);
  });

  it("counts reasoning tokens once, inside output tokens", () => {
    const withReasoning = table.costOf("o3", { input_tokens: 0, output_tokens: 1_000_000, cached_tokens: 0 });
    expect(withReasoning).toBeCloseTo(8, 10);
  });

  it("carries no float noise: costs are exact to 1e-10 USD", () => {
    const price = { input_per_mtok: 0.15, output_per_mtok: 0.6, cached_input_per_mtok: 0.075 };
    expect(costAt(price, { input_tokens: 3, output_tokens: 0 })).toBe(4.5e-7);
    expect(costAt(price, { input_tokens: 7, output_tokens: 3, cached_tokens: 1 })).toBe(0.000002775);
    expect(String(costAt(price, { input_tokens: 1234, output_tokens: 567 }))).toBe("0.0005253");
  });

  it("defaults a missing cached price to the input price", () => {
    expect(
      costAt(
        { input_per_mtok: 2, output_per_mtok: 6 },
        { input_tokens: 1e6, cached_tokens: 5e5, output_tokens: 0 },
      ),
    ).toBeCloseTo(2, 10);
  });

  it("lets config override a built-in price and price a model it lacks", () => {
    const overrides = pricingConfigSchema.parse({
      "gpt-4o": { input_per_mtok: 1, output_per_mtok: 1 },
      "my-finetune": { input_per_mtok: 10, output_per_mtok: 20, cached_input_per_mtok: 1 },
    });
    const custom = new PriceTable(overrides);
    expect(custom.costOf("gpt-4o-2024-08-06", { input_tokens: 1e6, output_tokens: 1e6 })).toBeCloseTo(2, 10);
    expect(
      custom.costOf("my-finetune", { input_tokens: 2e6, cached_tokens: 1e6, output_tokens: 0 }),
    ).toBeCloseTo(11, 10);
  });

  it("prices a record by the served model, else by the requested name", () => {
    const custom = new PriceTable({ fast: { input_per_mtok: 1, output_per_mtok: 1 } });
    const tokens = { input_tokens: 1e6, output_tokens: 0 };
    expect(custom.costOfRecord({ ...tokens, provider_model: "gpt-4o", model: "fast" })).toBeCloseTo(2.5, 10);
    expect(custom.costOfRecord({ ...tokens, provider_model: "unknown-x", model: "fast" })).toBeCloseTo(1, 10);
    expect(custom.costOfRecord({ ...tokens, provider_model: null, model: null })).toBeNull();
  });

  it("rejects a negative or misspelled price in config", () => {
    expect(pricingConfigSchema.safeParse({ m: { input_per_mtok: -1, output_per_mtok: 1 } }).success).toBe(
      false,
    );
    expect(pricingConfigSchema.safeParse({ m: { input: 1, output_per_mtok: 1 } }).success).toBe(false);
  });

  it("ships every model family the docs promise", () => {
    for (const name of [
      "gpt-4o",
      "gpt-4o-mini",
      "gpt-4.1",
      "o3",
      "o4-mini",
      "claude-sonnet-4-5",
      "claude-3-5-haiku",
      "claude-opus-4-1",
      "gemini-2.5-flash",
      "gemini-2.5-pro",
      "amazon.nova-pro",
      "amazon.nova-lite",
      "mistral-large",
      "command-r-plus",
      "text-embedding-3-small",
      "text-embedding-3-large",
    ]) {
      expect(table.priceOf(name), name).not.toBeNull();
    }
  });
});

import { describe, expect, it } from "vitest";
import { costAt, estimateCostUsd, PriceTable, priceFor } from "./cost.js";

const price = {
  input_per_mtok: 2,
  output_per_mtok: 8,
  cached_input_per_mtok: 0.5,
  cache_write_per_mtok: 2.5,
  reasoning_per_mtok: 10,
  batch_input_per_mtok: 1,
  batch_output_per_mtok: 4,
};

describe("reasoning and batch prices", () => {
  it("prices reasoning tokens (part of output) at the reasoning price", () => {
    // 600k plain output at 8 + 400k reasoning at 10
    expect(costAt(price, { input_tokens: 0, output_tokens: 1_000_000, reasoning_tokens: 400_000 })).toBe(8.8);
    // without a reasoning price they are output tokens
    const { reasoning_per_mtok: _, ...plain } = price;
    expect(costAt(plain, { input_tokens: 0, output_tokens: 1_000_000, reasoning_tokens: 400_000 })).toBe(8);
  });

  it("never counts more reasoning tokens than output tokens", () => {
    expect(costAt(price, { input_tokens: 0, output_tokens: 100, reasoning_tokens: 1_000 })).toBe(0.001);
  });

  it("prices cached reads, cache writes, reasoning and plain tokens in one call", () => {
    const cost = costAt(price, {
      input_tokens: 1_000_000,
      cached_tokens: 500_000,
      cache_write_tokens: 200_000,
      output_tokens: 100_000,
      reasoning_tokens: 50_000,
    });
    // 300k fresh*2 + 500k*0.5 + 200k*2.5 + 50k*8 + 50k*10 (USD per MTok)
    expect(cost).toBeCloseTo(0.6 + 0.25 + 0.5 + 0.4 + 0.5, 10);
  });

  it("prices a batch call at the batch prices", () => {
    expect(costAt(price, { input_tokens: 1_000_000, output_tokens: 1_000_000 }, { batch: true })).toBe(5);
    expect(
      costAt(
        { input_per_mtok: 2, output_per_mtok: 8 },
        { input_tokens: 1_000_000, output_tokens: 0 },
        { batch: true },
      ),
    ).toBe(2);
  });
});

describe("priceFor and estimateCostUsd (the limits engine's estimate)", () => {
  it("prefers a target's own price, then the table by the target's model", () => {
    const own = { input_per_mtok: 3, output_per_mtok: 12 };
    expect(priceFor({ model: "my-finetune", price: own })).toEqual(own);
    expect(priceFor({ model: "my-finetune" })).toBeNull();
    expect(priceFor({ model: "gpt-4o-mini" })?.input_per_mtok).toBeGreaterThan(0);
    const table = new PriceTable({ "my-finetune": { input_per_mtok: 1, output_per_mtok: 1 } });
    expect(table.priceFor({ model: "my-finetune" })?.input_per_mtok).toBe(1);
    expect(table.priceFor({ model: "my-finetune", price: own })?.input_per_mtok).toBe(3);
  });

  it("bounds the cost from above: prompt at the dearest input price, output at the dearest output price", () => {
    const est = estimateCostUsd(price, { prompt_tokens: 1_000_000, max_output_tokens: 1_000_000 });
    expect(est).toBe(2.5 + 10);
    const plain = { input_per_mtok: 3, output_per_mtok: 12 };
    expect(estimateCostUsd(plain, { prompt_tokens: 1000, max_output_tokens: 500 })).toBe(0.009);
    expect(estimateCostUsd(price, { prompt_tokens: 1_000_000, max_output_tokens: 0 }, { batch: true })).toBe(
      1,
    );
  });

  it("is never below the settled cost of any usage within the estimate", () => {
    const est = estimateCostUsd(price, { prompt_tokens: 1000, max_output_tokens: 1000 });
    for (const usage of [
      { input_tokens: 1000, output_tokens: 1000 },
      { input_tokens: 1000, output_tokens: 1000, reasoning_tokens: 1000 },
      { input_tokens: 1000, output_tokens: 1000, cache_write_tokens: 1000 },
      { input_tokens: 1000, output_tokens: 10, cached_tokens: 900 },
    ]) {
      expect(costAt(price, usage)!).toBeLessThanOrEqual(est);
    }
  });

  it("rounds up, so a tiny estimate is not zero", () => {
    expect(
      estimateCostUsd(
        { input_per_mtok: 0.01, output_per_mtok: 0.01 },
        { prompt_tokens: 1, max_output_tokens: 0 },
      ),
    ).toBeGreaterThan(0);
  });
});

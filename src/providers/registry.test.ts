import { describe, expect, it } from "vitest";
import { modelPriceSchema } from "../observability/cost.js";
import { PROVIDERS } from "./registry.js";

const definitions = [...PROVIDERS.values()];

describe("provider registry", () => {
  it("keys every definition by its own type", () => {
    for (const [type, def] of PROVIDERS) expect(def.type).toBe(type);
  });

  it("has every provider declare its OpenTelemetry name in the semconv's form", () => {
    for (const def of definitions) {
      expect(def.telemetry?.genAiProviderName, def.type).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/);
    }
  });

  it("has every price file name its source and date, with valid prices", () => {
    for (const def of definitions.filter((d) => d.prices)) {
      const prices = def.prices!;
      expect(prices.source, def.type).toMatch(/^https:\/\/\S+$/);
      expect(prices.as_of, def.type).toMatch(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/);
      expect(Object.keys(prices.models).length, def.type).toBeGreaterThan(0);
      for (const [model, price] of Object.entries(prices.models)) {
        expect(modelPriceSchema.safeParse(price).success, `${def.type} ${model}`).toBe(true);
      }
    }
  });

  it("prices each model in one folder only (its vendor's)", () => {
    const owner = new Map<string, string>();
    for (const def of definitions) {
      for (const model of Object.keys(def.prices?.models ?? {})) {
        expect(owner.get(model), `${model} priced by ${owner.get(model)} and ${def.type}`).toBeUndefined();
        owner.set(model, def.type);
      }
    }
    expect(owner.size).toBeGreaterThan(0);
  });
});

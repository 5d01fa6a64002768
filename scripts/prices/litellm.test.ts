import { describe, expect, it } from "vitest";
import { perMillion, selectPrices } from "./litellm.js";

const data = {
  sample_spec: { input_cost_per_token: 0, mode: "chat" },
  "vendor-large-2411": {
    litellm_provider: "v",
    mode: "chat",
    input_cost_per_token: 2e-6,
    output_cost_per_token: 6e-6,
    cache_read_input_token_cost: 2e-7,
    cache_creation_input_token_cost: 2.5e-6,
    output_cost_per_reasoning_token: 7e-6,
    input_cost_per_token_batches: 1e-6,
    output_cost_per_token_batches: 3e-6,
  },
  "v/vendor-large-latest": {
    litellm_provider: "v",
    mode: "chat",
    input_cost_per_token: 2e-6,
    output_cost_per_token: 6e-6,
  },
  "v/vendor-large-2402": {
    litellm_provider: "v",
    mode: "chat",
    input_cost_per_token: 4e-6,
    output_cost_per_token: 1.2e-5,
  },
  "vendor-mini-v1:0": {
    litellm_provider: "v",
    mode: "chat",
    input_cost_per_token: 1e-7,
    output_cost_per_token: 4e-7,
  },
  "vendor-embed": { litellm_provider: "v", mode: "embedding", input_cost_per_token: 2e-8 },
  "vendor-image": {
    litellm_provider: "v",
    mode: "image_generation",
    input_cost_per_token: 1e-6,
    output_cost_per_token: 1e-6,
  },
  "vendor-free": { litellm_provider: "v", mode: "chat", input_cost_per_token: 0, output_cost_per_token: 0 },
  "us-east-1/vendor-mini-v1:0": {
    litellm_provider: "v",
    mode: "chat",
    input_cost_per_token: 1e-7,
    output_cost_per_token: 4e-7,
  },
  "ft:vendor-mini": {
    litellm_provider: "v",
    mode: "chat",
    input_cost_per_token: 3e-7,
    output_cost_per_token: 1e-6,
  },
  "other-model": {
    litellm_provider: "w",
    mode: "chat",
    input_cost_per_token: 1e-6,
    output_cost_per_token: 1e-6,
  },
};

describe("LiteLLM prices → a provider folder's prices.json", () => {
  const got = selectPrices(data, { providers: ["v"], strip_prefix: "v/" });

  it("converts every per-token price to per million tokens, without float noise", () => {
    expect(perMillion(2.5e-6)).toBe(2.5);
    expect(perMillion(1.1e-6)).toBe(1.1);
    expect(got["vendor-large-2411"]).toEqual({
      input_per_mtok: 2,
      output_per_mtok: 6,
      cached_input_per_mtok: 0.2,
      cache_write_per_mtok: 2.5,
      reasoning_per_mtok: 7,
      batch_input_per_mtok: 1,
      batch_output_per_mtok: 3,
    });
  });

  it("keeps the selected providers' text models, drops the rest", () => {
    expect(Object.keys(got)).toEqual([
      "vendor-embed",
      "vendor-large",
      "vendor-large-2402",
      "vendor-large-2411",
      "vendor-large-latest",
      "vendor-mini",
      "vendor-mini-v1:0",
    ]);
    expect(got["vendor-embed"]).toEqual({ input_per_mtok: 0.02, output_per_mtok: 0 });
  });

  it("prices a bare family at its -latest variant, or the price all variants share", () => {
    expect(got["vendor-large"]).toEqual(got["vendor-large-latest"]);
    expect(got["vendor-mini"]).toEqual(got["vendor-mini-v1:0"]);
  });

  it("leaves a family unpriced when its variants disagree and none is -latest", () => {
    const { "v/vendor-large-latest": _, ...rest } = data;
    expect(selectPrices(rest, { providers: ["v"], strip_prefix: "v/" })["vendor-large"]).toBeUndefined();
  });

  it("applies a name filter", () => {
    expect(Object.keys(selectPrices(data, { providers: ["v"], match: "^vendor-mini" }))).toEqual([
      "vendor-mini",
      "vendor-mini-v1:0",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { anthropicProvider } from "./index.js";

describe("anthropic config schema", () => {
  const parse = (v: unknown) => anthropicProvider.schema.safeParse(v);

  it("accepts a minimal and a full config", () => {
    expect(parse({ type: "anthropic", api_key: "k" }).success).toBe(true);
    const full = {
      type: "anthropic",
      api_key: "k",
      anthropic_version: "2023-06-01",
      beta: ["prompt-caching-2024-07-31"],
      default_max_tokens: 8192,
      base_url: "https://api.anthropic.com",
      headers: { "x-org": "acme" },
      on_unsupported: "drop",
      timeouts: { connect_ms: 1000 },
    };
    expect(parse(full).success).toBe(true);
  });

  it.each([
    ["a missing api_key", { type: "anthropic" }],
    ["an empty api_key", { type: "anthropic", api_key: "" }],
    ["an unknown key (typo)", { type: "anthropic", api_key: "k", anthropic_verison: "x" }],
    ["a non-URL base_url", { type: "anthropic", api_key: "k", base_url: "api.anthropic.com" }],
    ["a zero default_max_tokens", { type: "anthropic", api_key: "k", default_max_tokens: 0 }],
    ["another type", { type: "openai", api_key: "k" }],
  ])("refuses %s", (_, value) => expect(parse(value).success).toBe(false));

  it("has no embeddings codec and pools by origin", () => {
    const p = anthropicProvider.create("claude", {
      type: "anthropic",
      api_key: "k",
      base_url: "https://gw.example.com:8443/anthropic",
    });
    expect(p.embeddings).toBeUndefined();
    expect(p.origin).toBe("https://gw.example.com:8443");
    expect(p.passthrough?.dialect).toBe("anthropic");
  });
});

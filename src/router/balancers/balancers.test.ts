import { describe, expect, it } from "vitest";
import { balancerConfigSchema } from "./config.js";
import { createBalancer } from "./registry.js";
import { planInput } from "./test-input.js";

describe("balancers", () => {
  it("round-robin splits 3:1 by weight, smoothly", () => {
    const a = { name: "a", weight: 3 };
    const b = { name: "b", weight: 1 };
    const rr = createBalancer<typeof a>("round-robin");
    const firsts = Array.from({ length: 400 }, () => rr.plan([a, b])[0]!.name);
    expect(firsts.filter((n) => n === "a")).toHaveLength(300);
    expect(firsts.slice(0, 4)).toEqual(["a", "a", "b", "a"]);
  });

  it("round-robin plans keep every target as a fallback", () => {
    const ts = [
      { n: 1, weight: 1 },
      { n: 2, weight: 1 },
      { n: 3, weight: 1 },
    ];
    const plan = createBalancer<(typeof ts)[number]>("round-robin").plan(ts);
    expect(new Set(plan)).toEqual(new Set(ts));
  });

  it("priority keeps list order", () => {
    const ts = [
      { n: 1, weight: 1 },
      { n: 2, weight: 1 },
    ];
    expect(createBalancer<(typeof ts)[number]>("priority").plan(ts)).toEqual(ts);
  });

  it("an unknown algorithm is a clear error", () => {
    expect(() => createBalancer("random")).toThrow(
      /unknown balancer 'random' \(known: priority, round-robin, lowest-latency, lowest-usage, least-inflight, consistent-hash, semantic\)/,
    );
  });
});

describe("balancer config", () => {
  it("absent is priority; each algorithm gets its defaults", () => {
    expect(balancerConfigSchema.parse(undefined)).toEqual({ algorithm: "priority" });
    expect(balancerConfigSchema.parse({ algorithm: "lowest-latency" })).toEqual({
      algorithm: "lowest-latency",
      latency_strategy: "e2e",
      sample_weight: 0.3,
      explore: 0.02,
      failure_penalty: 2,
      shared: false,
    });
    expect(balancerConfigSchema.parse({ algorithm: "semantic" })).toMatchObject({
      embedder: { type: "local" },
      threshold: 0.3,
    });
    expect(
      balancerConfigSchema.parse({ algorithm: "consistent-hash", hash_on: "header:x-session-id" }),
    ).toMatchObject({ hash_on: "header:x-session-id", virtual_nodes: 160 });
  });

  it("rejects unknown keys, bad strategies and bad hash_on", () => {
    const bad = (v: unknown) => balancerConfigSchema.safeParse(v).success;
    expect(bad({ algorithm: "lowest-latency", latency_stratgy: "e2e" })).toBe(false);
    expect(bad({ algorithm: "lowest-usage", usage_strategy: "requests" })).toBe(false);
    expect(bad({ algorithm: "consistent-hash", hash_on: "cookie:x" })).toBe(false);
    expect(bad({ algorithm: "semantic", embedder: { type: "model" } })).toBe(false);
    expect(bad({ algorithm: "round-robin", latency_strategy: "e2e" })).toBe(false);
  });

  it("createBalancer takes a config, and says what is missing", async () => {
    const b = createBalancer<{ id: string }>({ algorithm: "consistent-hash", hash_on: "consumer" });
    expect(b.plan([{ id: "a" }, { id: "b" }], planInput())).toHaveLength(2);
    expect(() =>
      createBalancer({ algorithm: "semantic", embedder: { type: "model", model: "emb" } }),
    ).toThrow(/no embeddings model 'emb'/);
    expect(() => createBalancer({ algorithm: "lowest-usage", window_ms: 5 } as never)).toThrow(/window_ms/);
    const semantic = createBalancer<{ id: string; description?: string }>(
      { algorithm: "semantic", embedder: { type: "model", model: "emb" } },
      { embedWith: () => async (texts) => texts.map(() => [1, 0]) },
    );
    expect(await semantic.plan([{ id: "a", description: "x" }, { id: "b" }], planInput())).toHaveLength(2);
  });
});

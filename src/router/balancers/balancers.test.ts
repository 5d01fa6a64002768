import { describe, expect, it } from "vitest";
import { createBalancer } from "./registry.js";

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

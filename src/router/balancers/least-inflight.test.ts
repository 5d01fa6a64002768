import { describe, expect, it } from "vitest";
import { leastInflightBalancer } from "./least-inflight.js";
import { firstCounts, pool } from "./test-input.js";

describe("least-inflight", () => {
  it("splits sequential traffic by weight (nothing overlaps)", () => {
    const ts = pool(3, [3, 1, 1]);
    const b = leastInflightBalancer<(typeof ts)[number]>();
    const counts = firstCounts(500, () => {
      const order = b.plan(ts);
      b.begin!(order[0]!);
      b.observe!(order[0]!, { ok: true, e2eMs: 10 });
      return order;
    });
    expect(counts).toEqual({ "p/t1": 300, "p/t2": 100, "p/t3": 100 });
  });

  it("sends the next request to the target with the fewest in flight per weight", () => {
    const ts = pool(3, [2, 1, 1]);
    const b = leastInflightBalancer<(typeof ts)[number]>();
    // t1 (weight 2) has 3 running = 1.5 per weight; t2 has 1; t3 has 2.
    for (const [t, n] of [
      [ts[0]!, 3],
      [ts[1]!, 1],
      [ts[2]!, 2],
    ] as const)
      for (let i = 0; i < n; i++) b.begin!(t);
    expect(b.plan(ts).map((t) => t.id)).toEqual(["p/t2", "p/t1", "p/t3"]);
    b.observe!(ts[2]!, { ok: false, e2eMs: 1 });
    b.observe!(ts[2]!, { ok: true, e2eMs: 1 });
    expect(b.plan(ts)[0]!.id).toBe("p/t3");
    expect(b.scores!(ts, undefined as never)).toEqual([
      { score: 1.5, metric: "in flight per weight" },
      { score: 1, metric: "in flight per weight" },
      { score: 0, metric: "in flight per weight" },
    ]);
  });

  it("concurrent requests spread instead of piling on one target", () => {
    const ts = pool(4);
    const b = leastInflightBalancer<(typeof ts)[number]>();
    const firsts = Array.from({ length: 8 }, () => {
      const t = b.plan(ts)[0]!;
      b.begin!(t);
      return t.id;
    });
    expect(new Set(firsts.slice(0, 4)).size).toBe(4);
    expect(new Set(firsts.slice(4)).size).toBe(4);
  });
});

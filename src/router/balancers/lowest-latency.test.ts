import { describe, expect, it } from "vitest";
import type { AttemptOutcome } from "./balancer.js";
import { latencySample, lowestLatencyBalancer } from "./lowest-latency.js";
import { pool } from "./test-input.js";

type T = ReturnType<typeof pool>[number];

/** Runs `n` sequential requests; `latency(t)` is the answer time of target `t`. */
function drive(
  b: ReturnType<typeof lowestLatencyBalancer<T>>,
  ts: T[],
  n: number,
  latency: (t: T) => number,
) {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const t = b.plan(ts)[0]!;
    counts[t.id] = (counts[t.id] ?? 0) + 1;
    b.begin!(t);
    b.observe!(t, { ok: true, e2eMs: latency(t) });
  }
  return counts;
}

describe("lowest-latency", () => {
  it("moves traffic away from a slow target", () => {
    const ts = pool(3);
    const b = lowestLatencyBalancer<T>({ explore: 0.02 });
    const counts = drive(b, ts, 1000, (t) => (t.id === "p/t2" ? 500 : t.id === "p/t1" ? 20 : 30));
    expect(counts["p/t1"]!).toBeGreaterThan(900);
    // Exploring keeps measuring the others: a few requests each, not none.
    expect(counts["p/t2"]!).toBeGreaterThan(1);
    expect(counts["p/t2"]!).toBeLessThan(40);
  });

  it("leaves a target on its first slow answer (the peak) and comes back gradually", () => {
    const ts = pool(2);
    const b = lowestLatencyBalancer<T>({ explore: 0, sample_weight: 0.5 });
    let slow = false;
    drive(b, ts, 10, (t) => (t.id === "p/t1" ? (slow ? 400 : 10) : 50));
    slow = true;
    const afterSpike = drive(b, ts, 1, () => 400);
    expect(Object.keys(afterSpike)).toEqual(["p/t1"]);
    expect(b.plan(ts)[0]!.id).toBe("p/t2");
    expect(b.scores!(ts, undefined as never)[0]!.score).toBe(400);
  });

  it("recovers a target that became fast again, through exploring", () => {
    const ts = pool(2);
    const b = lowestLatencyBalancer<T>({ explore: 0.1 });
    let t1Ms = 500;
    drive(b, ts, 50, (t) => (t.id === "p/t1" ? t1Ms : 50));
    t1Ms = 5;
    // Each exploring probe moves t1's average 30% of the way down (500 → 351 → 247 → …).
    drive(b, ts, 100, (t) => (t.id === "p/t1" ? t1Ms : 50));
    const after = drive(b, ts, 100, (t) => (t.id === "p/t1" ? t1Ms : 50));
    expect(after["p/t1"]!).toBeGreaterThan(85);
  });

  it("counts a fast failure as slow, not fast", () => {
    const ts = pool(2);
    const b = lowestLatencyBalancer<T>({ explore: 0 });
    drive(b, ts, 4, () => 100);
    b.begin!(ts[0]!);
    b.observe!(ts[0]!, { ok: false, e2eMs: 1 });
    expect(b.plan(ts)[0]!.id).toBe("p/t2");
  });

  it("weighs by in flight: a burst spreads over equally fast targets", () => {
    const ts = pool(2);
    const b = lowestLatencyBalancer<T>({ explore: 0 });
    drive(b, ts, 4, () => 100);
    const a = b.plan(ts)[0]!;
    b.begin!(a);
    expect(b.plan(ts)[0]).not.toBe(a);
  });

  it("tpot is time per output token after the first byte; no tokens, no sample", () => {
    const o: AttemptOutcome = {
      ok: true,
      e2eMs: 1100,
      firstByteMs: 100,
      usage: { prompt_tokens: 5, completion_tokens: 11, total_tokens: 16 },
    };
    expect(latencySample(o, "tpot")).toBe(100);
    expect(latencySample(o, "e2e")).toBe(1100);
    expect(latencySample({ ok: true, e2eMs: 5 }, "tpot")).toBeUndefined();
  });

  it("tpot prefers the faster decoder even when its answers are longer", () => {
    const ts = pool(2);
    const b = lowestLatencyBalancer<T>({ latency_strategy: "tpot", explore: 0 });
    const usage = (n: number) => ({ prompt_tokens: 1, completion_tokens: n, total_tokens: n + 1 });
    for (let i = 0; i < 6; i++) {
      const t = b.plan(ts)[0]!;
      b.begin!(t);
      // t1: 1000 tokens in 2 s (2 ms/token); t2: 10 tokens in 0.5 s (50 ms/token).
      b.observe!(
        t,
        t.id === "p/t1"
          ? { ok: true, e2eMs: 2100, firstByteMs: 100, usage: usage(1001) }
          : { ok: true, e2eMs: 550, firstByteMs: 100, usage: usage(10) },
      );
    }
    expect(b.plan(ts)[0]!.id).toBe("p/t1");
  });
});

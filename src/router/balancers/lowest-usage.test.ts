import { afterAll, describe, expect, it } from "vitest";
import { describeSkipped, REDIS_URL, runId, serviceDown } from "../../../test/support/services.js";
import { openCounterStore } from "../../state/index.js";
import { MemoryCounterStore } from "../../state/memory/counter-store.js";
import type { CounterStore } from "../../state/types.js";
import { lowestUsageBalancer, usageAmount } from "./lowest-usage.js";
import { pool } from "./test-input.js";

type T = ReturnType<typeof pool>[number];
const usage = (p: number, c: number) => ({ prompt_tokens: p, completion_tokens: c, total_tokens: p + c });

describe("lowest-usage", () => {
  it("sends the next request to the target that spent the least in the window", () => {
    const ts = pool(3);
    const b = lowestUsageBalancer<T>({ usage_strategy: "completion_tokens" }, { now: () => 1000 });
    b.observe!(ts[0]!, { ok: true, e2eMs: 1, usage: usage(10, 500) });
    b.observe!(ts[1]!, { ok: true, e2eMs: 1, usage: usage(9000, 100) });
    b.observe!(ts[2]!, { ok: true, e2eMs: 1, usage: usage(10, 300) });
    // The pick first; the fallbacks keep list order.
    expect(b.plan(ts).map((t) => t.id)).toEqual(["p/t2", "p/t1", "p/t3"]);
  });

  it("equal spend splits by weight; heavier answers shift traffic away", () => {
    const ts = pool(2, [3, 1]);
    const b = lowestUsageBalancer<T>({}, { now: () => 0 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 400; i++) {
      const t = b.plan(ts)[0]!;
      counts[t.id] = (counts[t.id] ?? 0) + 1;
      b.begin!(t);
      b.observe!(t, { ok: true, e2eMs: 1, usage: usage(50, 50) });
    }
    expect(Math.abs(counts["p/t1"]! - 300)).toBeLessThanOrEqual(4);
  });

  it("the window slides: old use fades out", () => {
    let now = 0;
    const ts = pool(2);
    const b = lowestUsageBalancer<T>({ window_ms: 10_000 }, { now: () => now });
    b.observe!(ts[0]!, { ok: true, e2eMs: 1, usage: usage(1000, 0) });
    now = 5_000;
    b.observe!(ts[1]!, { ok: true, e2eMs: 1, usage: usage(600, 0) });
    expect(b.plan(ts)[0]!.id).toBe("p/t2");
    now = 17_000; // t1's 1000 is in the previous window, 70% through: counts 300; t2's 600 counts 180.
    expect(b.scores!(ts, undefined as never).map((s) => Math.round(s.score!))).toEqual([300, 180]);
    now = 30_000;
    expect(b.scores!(ts, undefined as never).map((s) => s.score)).toEqual([0, 0]);
  });

  it("counts in-flight attempts at the target's mean use, so a burst spreads", () => {
    const ts = pool(2);
    const b = lowestUsageBalancer<T>({}, { now: () => 0 });
    b.observe!(ts[0]!, { ok: true, e2eMs: 1, usage: usage(100, 0) });
    b.observe!(ts[1]!, { ok: true, e2eMs: 1, usage: usage(150, 0) });
    b.begin!(ts[0]!);
    expect(b.plan(ts)[0]!.id).toBe("p/t2");
  });

  it("cost counts micro-dollars; an outcome without the measure adds nothing", () => {
    expect(usageAmount({ ok: true, e2eMs: 1, costUsd: 0.0012345 }, "cost")).toBe(1235);
    expect(usageAmount({ ok: true, e2eMs: 1 }, "cost")).toBeUndefined();
    expect(usageAmount({ ok: true, e2eMs: 1, usage: usage(3, 4) }, "prompt_tokens")).toBe(3);
  });
});

async function sharedSuite(open: () => Promise<CounterStore>) {
  const stores: CounterStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });
  it("two nodes sharing a store see each other's use", async () => {
    const store = await open();
    stores.push(store);
    const scope = `chat-${runId()}`;
    const now = () => 1_000_000;
    const a = lowestUsageBalancer<T>({ shared: true }, { counters: store, scope, now });
    const b = lowestUsageBalancer<T>({ shared: true }, { counters: store, scope, now });
    const ts = pool(2);
    // Node a spends on t1 only; node b has seen nothing itself.
    a.observe!(ts[0]!, { ok: true, e2eMs: 1, usage: usage(900, 0) });
    a.observe!(ts[1]!, { ok: true, e2eMs: 1, usage: usage(100, 0) });
    await expect.poll(async () => store.get(`{lu:${scope}}p/t1:total_tokens:16`)).toBe(900);
    b.plan(ts); // starts the background read
    await expect.poll(() => b.plan(ts)[0]!.id).toBe("p/t2");
    expect(b.scores!(ts, undefined as never)[0]!.metric).toContain("(fleet)");
  });
}

describe("lowest-usage shared: memory store", () => sharedSuite(async () => new MemoryCounterStore()));

const redisDown = await serviceDown("Redis");
if (redisDown) describeSkipped("lowest-usage shared: Redis", "Redis", redisDown);
else
  describe("lowest-usage shared: Redis", () =>
    sharedSuite(() => openCounterStore({ backend: "redis", url: REDIS_URL, prefix: `tg-test-${runId()}:` })));

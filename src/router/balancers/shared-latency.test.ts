/**
 * `lowest-latency` with `shared: true`: two nodes' balancers over one counter store (the memory
 * backend; the Redis run is the fleet integration test). The wall clock is faked so publishing
 * slots and the store's expiries move by hand.
 */
import { describe, expect, it } from "vitest";
import { useFleetStore } from "../../../test/support/fleet-store.js";
import { MemoryCounterStore } from "../../state/memory/counter-store.js";
import { RedisCounterStore } from "../../state/redis/counter-store.js";
import type { CounterStore } from "../../state/types.js";
import { lowestLatencyBalancer } from "./lowest-latency.js";
import { SLOT_MS, SLOTS } from "./shared-latency.js";
import { pool } from "./test-input.js";

type T = ReturnType<typeof pool>[number];

const { store, advance } = useFleetStore();

const node = (s: CounterStore = store()) =>
  lowestLatencyBalancer<T>({ shared: true, explore: 0 }, { counters: s, scope: "chat" });
/** Store calls of the memory backend land within a macrotask. */
const flush = () => new Promise((r) => setImmediate(r));

/** One request on `b`: plan, then the first target answers in `ms(t)`. */
function serve(b: ReturnType<typeof node>, ts: T[], ms: (t: T) => number): string {
  const t = b.plan(ts)[0]!;
  b.begin!(t);
  b.observe!(t, { ok: true, e2eMs: ms(t) });
  return t.id;
}

/** Moves to the next slot and lets `b` publish and read. */
async function nextSlot(b: ReturnType<typeof node>, ts: T[]): Promise<void> {
  await flush(); // a read still running skips the next refresh
  advance(SLOT_MS);
  b.scores!(ts);
  await flush();
}

const slowFirst = (t: T) => (t.id === "p/t1" ? 500 : 20);

describe("lowest-latency, shared", () => {
  it("latency measured on node A moves node B's traffic, which never measured anything", async () => {
    const a = node();
    const b = node();
    const [ta, tb] = [pool(2), pool(2)];
    // Unmeasured targets go first, so A measures both, then prefers the fast one.
    expect([serve(a, ta, slowFirst), serve(a, ta, slowFirst), serve(a, ta, slowFirst)]).toEqual([
      "p/t1",
      "p/t2",
      "p/t2",
    ]);
    // Alone, B would try t1 first (unmeasured, list order).
    expect(node(new MemoryCounterStore()).plan(pool(2))[0]!.id).toBe("p/t1");
    await nextSlot(a, ta); // A publishes
    await nextSlot(b, tb); // B reads the slot A published in
    expect(b.plan(tb)[0]!.id).toBe("p/t2");
    const scores = b.scores!(tb);
    expect(scores[0]).toMatchObject({ score: 500, metric: expect.stringContaining("(fleet)") });
  });

  it("weighs each node's value by its samples, and adds this node's unread samples on top", async () => {
    const a = node();
    const b = node();
    const [ta, tb] = [pool(2), pool(2)];
    for (let i = 0; i < 3; i++) serve(a, ta, () => 100); // t1, t2, then t1 again: 2 samples of t1
    await nextSlot(a, ta);
    await nextSlot(b, tb);
    expect(b.scores!(tb)[0]!.score).toBe(100);
    // B's own sample of t1 (400: a peak) counts once beside the fleet's two samples at 100.
    b.begin!(tb[0]!);
    b.observe!(tb[0]!, { ok: true, e2eMs: 400 });
    expect(b.scores!(tb)[0]!.score).toBe(200);
  });

  it("forgets a node's numbers once its slots expire", async () => {
    const a = node();
    const b = node();
    const [ta, tb] = [pool(2), pool(2)];
    for (let i = 0; i < 3; i++) serve(a, ta, slowFirst);
    await nextSlot(a, ta);
    await nextSlot(b, tb);
    expect(b.plan(tb)[0]!.id).toBe("p/t2");
    advance((SLOTS + 1) * SLOT_MS);
    await nextSlot(b, tb);
    expect(b.scores!(tb)[0]).toMatchObject({ score: 0, note: "not measured yet" });
  });

  it("runs on its own numbers when the store is unreachable", async () => {
    const down = new RedisCounterStore({ url: "redis://127.0.0.1:1", onError: () => undefined });
    const a = node(down);
    const ta = pool(2);
    for (let i = 0; i < 3; i++) serve(a, ta, slowFirst);
    advance(SLOT_MS);
    expect(a.plan(ta)[0]!.id).toBe("p/t2");
    expect(a.scores!(ta)[0]!.score).toBe(500);
    await down.close();
  });
});

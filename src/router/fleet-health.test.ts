/**
 * Nodes' health-check verdicts over one counter store (the memory backend here; the Redis run is
 * test/integration/fleet-health.test.ts). The wall clock is faked, so vote windows and the
 * store's expiries move together by hand.
 */
import { describe, expect, it } from "vitest";
import { useFleetStore } from "../../test/support/fleet-store.js";
import { RedisCounterStore } from "../state/redis/counter-store.js";
import type { CounterStore } from "../state/types.js";
import type { Clock } from "./clock.js";
import { FleetTargetHealth } from "./fleet-health.js";

const cfg = { interval_ms: 1_000, timeout_ms: 500, unhealthy_after: 1, healthy_after: 1, shared: true };
const clock: Clock = { now: () => Date.now(), sleep: async () => undefined };
const { store, advance } = useFleetStore();

const node = (s: CounterStore = store()) =>
  new FleetTargetHealth(cfg, clock, { store: s, scope: "chat", target: "a/m" });

/** One probe round: each node reports its probe's result, then the store calls land. */
async function round(results: Array<[FleetTargetHealth, boolean]>): Promise<void> {
  for (const [n, ok] of results) n.report(ok, ok ? undefined : "503 from upstream");
  for (const [n] of results) await n.settled();
}

describe("FleetTargetHealth", () => {
  it("leaves a target out on a node whose own probes pass when most of the fleet's verdicts fail", async () => {
    const [a, b, c] = [node(), node(), node()];
    await round([
      [a, false],
      [b, false],
      [c, true],
    ]);
    expect(c.view()).toMatchObject({ status: "healthy", shared: true, fleet: { unhealthy: 2, healthy: 1 } });
    expect(c.healthy).toBe(false);
    expect(c.reason()).toBe("2 of 3 nodes' latest verdicts are unhealthy");
    // The next window: the complete windows' votes decide.
    advance(1_000);
    await round([[c, true]]);
    expect(c.healthy).toBe(false);
    // The fleet recovers: once the last two windows' votes are mostly good, c takes it back.
    await round([
      [a, true],
      [b, true],
    ]);
    advance(1_000);
    await round([[c, true]]);
    expect(c.view().fleet).toEqual({ unhealthy: 2, healthy: 4 });
    expect(c.healthy).toBe(true);
    // Votes older than two windows no longer count.
    advance(1_000);
    await round([[c, true]]);
    expect(c.view().fleet).toEqual({ unhealthy: 0, healthy: 4 });
  });

  it("one node's failing verdict holds for itself but does not take the target from the others", async () => {
    const [a, b] = [node(), node()];
    await round([
      [a, false],
      [b, true],
    ]);
    expect(b.view().fleet).toEqual({ unhealthy: 1, healthy: 1 });
    expect(b.healthy).toBe(true);
    expect(a.healthy).toBe(false);
    expect(a.reason()).toBe("503 from upstream");
  });

  it("counts one vote per node per window, however often it reports", async () => {
    const [a, b] = [node(), node()];
    for (let i = 0; i < 4; i++) await round([[a, false]]);
    await round([[b, true]]);
    expect(b.view().fleet).toEqual({ unhealthy: 1, healthy: 1 });
    expect(b.healthy).toBe(true);
  });

  it("uses its own verdict alone when the store is unreachable", async () => {
    // A real Redis client with nothing listening: every call fails with StateUnavailableError.
    const down = new RedisCounterStore({ url: "redis://127.0.0.1:1", onError: () => undefined });
    const a = node(down);
    await round([[a, true]]);
    expect(a.view().fleet).toBeUndefined();
    expect(a.healthy).toBe(true);
    await round([[a, false]]);
    expect(a.healthy).toBe(false);
    expect(a.reason()).toBe("503 from upstream");
    await down.close();
  });
});

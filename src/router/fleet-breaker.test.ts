/**
 * Two nodes' breakers over one counter store (the memory backend here; the Redis run is the
 * fleet integration test). The wall clock is faked, so the store's expiries and the breakers'
 * cooldowns move together by hand.
 */
import { describe, expect, it } from "vitest";
import { useFleetStore } from "../../test/support/fleet-store.js";
import { RedisCounterStore } from "../state/redis/counter-store.js";
import type { CounterStore } from "../state/types.js";
import type { Clock } from "./clock.js";
import { FleetBreaker } from "./fleet-breaker.js";

const cfg = { max_fails: 3, window_ms: 10_000, cooldown_ms: 30_000, shared: true };
const clock: Clock = { now: () => Date.now(), sleep: async () => undefined };
const { store, advance } = useFleetStore();

const node = (s: CounterStore = store()) =>
  new FleetBreaker(cfg, clock, { store: s, scope: "chat", target: "a/m" });

/** Lets each node's background reads land (a read starts at most once per refresh interval). */
async function sync(...nodes: FleetBreaker[]): Promise<void> {
  for (const n of nodes) await n.settled();
  advance(1000);
  for (const n of nodes) n.available();
  for (const n of nodes) await n.settled();
}

/** The first node's failures open the fleet's breaker; then its cooldown passes. */
async function openedThenCooled(...nodes: FleetBreaker[]): Promise<void> {
  for (let i = 0; i < cfg.max_fails; i++) nodes[0]!.failure();
  await sync(...nodes);
  advance(cfg.cooldown_ms);
  await sync(...nodes);
}

describe("FleetBreaker", () => {
  it("opens on the fleet's count: failures split over two nodes, each below max_fails alone", async () => {
    const a = node();
    const b = node();
    a.failure();
    a.failure();
    await a.settled();
    b.failure();
    await sync(a, b);
    expect(b.view()).toMatchObject({ state: "open", shared: true });
    expect(a.available()).toBe(false);
    expect(a.allow()).toBe(false);
  });

  it("a node that never failed keeps the target out while the marker lives, then probes with the fleet's claim", async () => {
    const a = node();
    const b = node();
    for (let i = 0; i < 3; i++) a.failure();
    await sync(a, b);
    expect(b.view().state).toBe("open");
    // `sync` moves the clock a second too: 29 s after the marker was set, it still lives.
    advance(27_000);
    await sync(a, b);
    expect(b.available()).toBe(false);
    advance(1_000);
    // a's own cooldown (from its failures) ended first, so a took the fleet's probe; b, which
    // saw the marker go, waits for its verdict.
    await sync(a, b);
    expect(b.view().state).toBe("half-open");
    expect(b.allow()).toBe(false);
    expect(a.allow()).toBe(true);
    expect(a.allow()).toBe(false);
    a.success();
    expect(a.view().state).toBe("closed");
    // The good probe closes the waiting node too, without a probe of its own.
    await sync(a, b);
    expect(b.view().state).toBe("closed");
    expect(b.allow()).toBe(true);
  });

  it("sends one half-open probe per cooldown across the fleet, not one per node", async () => {
    const nodes = [node(), node(), node(), node()];
    await openedThenCooled(...nodes);
    await sync(...nodes);
    const probing = nodes.filter((n) => n.allow());
    expect(probing).toHaveLength(1);
    expect(nodes.every((n) => !n.allow())).toBe(true);
    // Explain leaves the target out on the waiting nodes: they say the probe is elsewhere.
    const waiting = nodes.filter((n) => !probing.includes(n));
    expect(waiting.map((n) => n.view())).toEqual(
      waiting.map(() => expect.objectContaining({ state: "half-open", probeElsewhere: true })),
    );
    expect(probing[0]!.view().probeElsewhere).toBeUndefined();
  });

  it("a claim whose owner never reports expires with the cooldown; another node probes", async () => {
    const a = node();
    const b = node();
    await openedThenCooled(a, b);
    expect(a.allow()).toBe(true);
    // a's probe never reports (the node died mid-request); b waits out the claim's life.
    expect(b.allow()).toBe(false);
    advance(28_000);
    await sync(b);
    expect(b.allow()).toBe(false);
    advance(1_000);
    await sync(b);
    await sync(b);
    expect(b.allow()).toBe(true);
  });

  it("a failed probe on one node keeps the other node's probe back", async () => {
    const a = node();
    const b = node();
    await openedThenCooled(a, b);
    expect(a.allow()).toBe(true);
    a.failure();
    await sync(a, b);
    expect(b.view().state).toBe("open");
    expect(b.allow()).toBe(false);
  });

  it("restarts the fleet's count when it opens, so one failure after recovery does not reopen it", async () => {
    // A cooldown shorter than the window: the failures that opened it are still in the window.
    const long = { ...cfg, window_ms: 60_000, cooldown_ms: 5_000 };
    const a = new FleetBreaker(long, clock, { store: store(), scope: "chat", target: "a/m" });
    for (let i = 0; i < 3; i++) a.failure();
    await sync(a);
    advance(5_000);
    await sync(a);
    expect(a.allow()).toBe(true);
    a.success();
    a.failure();
    await sync(a);
    expect(a.view()).toMatchObject({ state: "closed", failures: 1 });
  });

  it("runs on its own counts when the store is unreachable", async () => {
    // A real Redis client with nothing listening: every call fails with StateUnavailableError.
    const down = new RedisCounterStore({ url: "redis://127.0.0.1:1", onError: () => undefined });
    const a = node(down);
    a.failure();
    a.failure();
    await sync(a);
    expect(a.available()).toBe(true);
    a.failure();
    expect(a.view().state).toBe("open");
    advance(30_000);
    await sync(a);
    expect(a.allow()).toBe(true);
    a.success();
    expect(a.view().state).toBe("closed");
    await down.close();
  });
});

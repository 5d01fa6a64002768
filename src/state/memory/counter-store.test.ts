import { describe, expect, it } from "vitest";
import { counterStoreContract } from "../counter-store.contract.js";
import { MemoryCounterStore } from "./counter-store.js";

counterStoreContract("memory", { open: async () => new MemoryCounterStore(), shared: false });

describe("memory CounterStore", () => {
  it("forgets finished holds after their retention: a later settle is unknown", async () => {
    const store = new MemoryCounterStore({ holdRetentionMs: 50, sweepMs: 10 });
    const req = { id: "r1", tag: "t", ttlMs: 60_000, items: [{ key: "usd", amount: 1, limit: 5 }] };
    await store.reserve(req);
    expect(await store.settle(req, { usd: 1 })).toEqual({ status: "settled", lapsed: false });
    await expect
      .poll(() => store.settle(req, { usd: 1 }), { timeout: 5000, interval: 20 })
      .toEqual({ status: "unknown" });
    expect(await store.get("{t}usd")).toBe(1);
    await store.close();
  });
});

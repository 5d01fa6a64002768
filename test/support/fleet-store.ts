/**
 * For unit tests of fleet-shared router state: one memory counter store per test, standing in
 * for the Redis every node shares, with the wall clock faked (only `Date`, so promises and
 * timers run as usual) so window keys, slots and the store's expiries move together by hand.
 */
import { afterEach, beforeEach, vi } from "vitest";
import { MemoryCounterStore } from "../../src/state/memory/counter-store.js";

/** Registers the per-test store and fake clock; `store()` is the current test's store. */
export function useFleetStore(): { store: () => MemoryCounterStore; advance: (ms: number) => void } {
  let current: MemoryCounterStore | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_000_000);
    current = new MemoryCounterStore();
  });
  afterEach(async () => {
    await current?.close();
    vi.useRealTimers();
  });
  return { store: () => current!, advance: (ms) => vi.setSystemTime(Date.now() + ms) };
}

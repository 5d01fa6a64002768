/**
 * The CounterStore contract, run by each backend's test file against a real backend. Every test
 * uses its own tag and keys, so tests can share one store. Expiry is proven by polling until a
 * lapsed hold or window stops counting, never by timing assertions.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CounterStore, ReserveRequest } from "./counter-types.js";
import { StateInputError, StateUnavailableError } from "./errors.js";

export interface CounterStoreHarness {
  /** A new store on the backend under test; the suite closes it. */
  open(): Promise<CounterStore>;
  /** Whether two stores from `open()` share their state (Redis), or not (memory). */
  shared: boolean;
}

let seq = 0;
const fresh = (what: string) => `${what}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
const poll = { timeout: 10_000, interval: 25 };

/** The stores under test, set in beforeAll (so read them inside tests, not at registration). */
interface Stores {
  store: CounterStore;
  peer: CounterStore;
}

const hold = (items: ReserveRequest["items"], ttlMs = 60_000, tag = fresh("tag")): ReserveRequest => ({
  id: fresh("req"),
  tag,
  ttlMs,
  items,
});

/** Registers the shared CounterStore suite. */
export function counterStoreContract(title: string, harness: CounterStoreHarness): void {
  describe(`${title}: CounterStore contract`, () => {
    const ctx = {} as Stores;
    beforeAll(async () => {
      ctx.store = await harness.open();
      ctx.peer = harness.shared ? await harness.open() : ctx.store;
    });
    afterAll(async () => {
      await ctx.store.close();
      if (ctx.peer !== ctx.store) await ctx.peer.close();
    });
    countTests(ctx);
    reserveTests(ctx);
    settleTests(ctx);
    lifecycleTests(ctx);
    windowAndCloseTests(ctx, harness);
  });
}

/** add, get and getMany; fixed windows; argument checks. */
function countTests(ctx: Stores): void {
  it("adds atomically, returns the new value, and reads one or many (missing = 0)", async () => {
    const { store, peer } = ctx;
    const [a, b] = [fresh("a"), fresh("b")];
    expect(await store.add(a, 3, 60_000)).toBe(3);
    expect(await peer.add(a, -1, 60_000)).toBe(2);
    await Promise.all(Array.from({ length: 50 }, () => store.add(b, 1, 60_000)));
    expect(await peer.get(a)).toBe(2);
    expect(await store.getMany([b, fresh("missing"), a])).toEqual([50, 0, 2]);
    expect(await store.getMany([])).toEqual([]);
  });

  it("serves as a set-if-absent claim: of concurrent add(key, 1) calls across stores, one gets 1", async () => {
    // The fleet breaker's half-open probe is taken this way (src/router/fleet-breaker.ts).
    const { store, peer } = ctx;
    const key = fresh("claim");
    const got = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? peer : store).add(key, 1, 60_000)),
    );
    expect(got.filter((n) => n === 1)).toHaveLength(1);
    expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("keeps the expiry set at creation (a fixed window): later adds do not extend it", async () => {
    const { store } = ctx;
    const key = fresh("window");
    await store.add(key, 1, 150);
    expect(await store.add(key, 1, 600_000)).toBe(2);
    await vi.waitFor(async () => expect(await store.get(key)).toBe(0), poll);
    expect(await store.add(key, 5, 600_000)).toBe(5);
  });

  it("refuses bad arguments with StateInputError", async () => {
    const { store } = ctx;
    const bad: (() => Promise<unknown>)[] = [
      () => store.add("", 1, 1000),
      () => store.add("~reserved", 1, 1000),
      () => store.add("k", 1.5, 1000),
      () => store.add("k", 1, 0),
      () => store.getMany(["ok", ""]),
      () => store.reserve(hold([])),
      () => store.reserve(hold([{ key: "x", amount: -1, limit: 5 }])),
      () => store.reserve(hold([{ key: "x", amount: 1, limit: 5, windowTtlMs: 0 }])),
      () =>
        store.reserve(
          hold([
            { key: "x", amount: 1, limit: 5 },
            { key: "x", amount: 1, limit: 5 },
          ]),
        ),
      () => store.reserve({ ...hold([{ key: "x", amount: 1, limit: 5 }]), tag: "a{b}" }),
      () => store.settle({ id: "r", tag: "t" }, { x: -2 }),
      () => store.release({ id: "", tag: "t" }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(StateInputError);
  });
}

/** Atomic, all-or-nothing reservations. */
function reserveTests(ctx: Stores): void {
  it("admits exactly the limit under 200 concurrent reserves, across stores", async () => {
    const { store, peer } = ctx;
    const tag = fresh("tag");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? peer : store).reserve(hold([{ key: "rpm", amount: 1, limit: 50 }], 60_000, tag)),
      ),
    );
    const admitted = results.filter((r) => r.ok);
    expect(admitted).toHaveLength(50);
    for (const r of results) {
      if (!r.ok) expect(r.exceeded).toEqual([{ key: "rpm", limit: 50, amount: 1, used: 0, held: 50 }]);
    }
  });

  it("holds all items or none, and names every item that would exceed", async () => {
    const { store, peer } = ctx;
    const tag = fresh("tag");
    const refused = await store.reserve(
      hold(
        [
          { key: "a", amount: 5, limit: 10 },
          { key: "b", amount: 5, limit: 3 },
          { key: "c", amount: 5, limit: 4 },
        ],
        60_000,
        tag,
      ),
    );
    expect(refused).toEqual({
      ok: false,
      exceeded: [
        { key: "b", limit: 3, amount: 5, used: 0, held: 0 },
        { key: "c", limit: 4, amount: 5, used: 0, held: 0 },
      ],
    });
    // Nothing was held on "a": its whole limit is still free.
    expect((await peer.reserve(hold([{ key: "a", amount: 10, limit: 10 }], 60_000, tag))).ok).toBe(true);
  });

  it("repeats an active reservation without holding twice", async () => {
    const { store, peer } = ctx;
    const tag = fresh("tag");
    const req = hold([{ key: "n", amount: 6, limit: 10 }], 60_000, tag);
    const first = await store.reserve(req);
    expect(first.ok).toBe(true);
    expect(await peer.reserve(req)).toEqual(first);
    expect((await store.reserve(hold([{ key: "n", amount: 4, limit: 10 }], 60_000, tag))).ok).toBe(true);
  });

  it("keeps tags apart: the same key under another tag is another counter", async () => {
    const { store } = ctx;
    const key = [{ key: "usd", amount: 5, limit: 5 }];
    expect((await store.reserve(hold(key))).ok).toBe(true);
    expect((await store.reserve(hold(key))).ok).toBe(true);
  });
}

/** Settling actual amounts, exactly once. */
function settleTests(ctx: Stores): void {
  it("keeps integers up to 2^53 exact through holds and settles", async () => {
    const { store, peer } = ctx;
    const big = 2 ** 52 + 7;
    const req = hold([{ key: "micro-usd", amount: big, limit: Number.MAX_SAFE_INTEGER }]);
    expect((await store.reserve(req)).ok).toBe(true);
    const refused = await peer.reserve(
      hold([{ key: "micro-usd", amount: big, limit: big }], 60_000, req.tag),
    );
    expect(refused.ok === false && refused.exceeded[0]?.held).toBe(big);
    expect(await peer.settle(req, { "micro-usd": big + 2 })).toEqual({ status: "settled", lapsed: false });
    expect(await store.get(`{${req.tag}}micro-usd`)).toBe(big + 2);
    // The hold was taken off exactly: one more unit fits under a limit of big + 3.
    const next = hold([{ key: "micro-usd", amount: 1, limit: big + 3 }], 60_000, req.tag);
    expect((await store.reserve(next)).ok).toBe(true);
    await store.release(next);
    expect(await store.add(`{${req.tag}}micro-usd`, -(big + 1), 1000)).toBe(1);
  });

  it("settles the actual amount (less, more, or 0 for a key left out) and frees the rest", async () => {
    const { store, peer } = ctx;
    const tag = fresh("tag");
    const first = hold(
      [
        { key: "usd", amount: 10, limit: 20 },
        { key: "tok", amount: 7, limit: 7 },
      ],
      60_000,
      tag,
    );
    expect((await store.reserve(first)).ok).toBe(true);
    expect(await peer.settle(first, { usd: 4 })).toEqual({ status: "settled", lapsed: false });
    expect(await store.getMany([`{${tag}}usd`, `{${tag}}tok`])).toEqual([4, 0]);
    const second = hold([{ key: "usd", amount: 16, limit: 20 }], 60_000, tag);
    expect((await store.reserve(second)).ok).toBe(true);
    expect(await store.reserve(hold([{ key: "usd", amount: 1, limit: 20 }], 60_000, tag))).toEqual({
      ok: false,
      exceeded: [{ key: "usd", limit: 20, amount: 1, used: 4, held: 16 }],
    });
    // Actual use may exceed the estimate: the whole of it is charged.
    expect(await store.settle(second, { usd: 25 })).toEqual({ status: "settled", lapsed: false });
    expect(await peer.get(`{${tag}}usd`)).toBe(29);
    expect((await store.reserve(hold([{ key: "tok", amount: 7, limit: 7 }], 60_000, tag))).ok).toBe(true);
  });

  it("settles once: a repeated settle never charges again", async () => {
    const { store, peer } = ctx;
    const req = hold([{ key: "usd", amount: 5, limit: 100 }]);
    await store.reserve(req);
    expect(await store.settle(req, { usd: 5 })).toEqual({ status: "settled", lapsed: false });
    const again = await Promise.all([store.settle(req, { usd: 5 }), peer.settle(req, { usd: 5 })]);
    expect(again).toEqual([{ status: "duplicate" }, { status: "duplicate" }]);
    expect(await store.get(`{${req.tag}}usd`)).toBe(5);
    await expect(store.reserve(req)).rejects.toBeInstanceOf(StateInputError);
  });
}

/** Lapse, release, unknown holds. */
function lifecycleTests(ctx: Stores): void {
  it("lets a hold lapse on its own; a late settle still charges, once", async () => {
    const { store, peer } = ctx;
    const tag = fresh("tag");
    const short = hold([{ key: "usd", amount: 10, limit: 10 }], 100, tag);
    expect((await store.reserve(short)).ok).toBe(true);
    const full = hold([{ key: "usd", amount: 10, limit: 10 }], 60_000, tag);
    await vi.waitFor(async () => expect((await peer.reserve(full)).ok).toBe(true), poll);
    await store.release(full);
    expect(await store.settle(short, { usd: 3 })).toEqual({ status: "settled", lapsed: true });
    expect(await peer.settle(short, { usd: 3 })).toEqual({ status: "duplicate" });
    expect(await store.get(`{${tag}}usd`)).toBe(3);
  });

  it("releases without charging; settle after release charges nothing", async () => {
    const { store, peer } = ctx;
    const tag = fresh("tag");
    const req = hold([{ key: "usd", amount: 10, limit: 10 }], 60_000, tag);
    await store.reserve(req);
    expect(await peer.release(req)).toBe(true);
    expect(await store.release(req)).toBe(false);
    expect(await store.settle(req, { usd: 10 })).toEqual({ status: "released" });
    expect(await store.get(`{${tag}}usd`)).toBe(0);
    expect((await store.reserve(hold([{ key: "usd", amount: 10, limit: 10 }], 60_000, tag))).ok).toBe(true);
  });

  it("answers unknown holds, and refuses a settle naming a key outside the hold", async () => {
    const { store } = ctx;
    expect(await store.settle({ id: fresh("nope"), tag: "t" }, { usd: 1 })).toEqual({ status: "unknown" });
    expect(await store.release({ id: fresh("nope"), tag: "t" })).toBe(false);
    const req = hold([{ key: "usd", amount: 2, limit: 2 }]);
    await store.reserve(req);
    await expect(store.settle(req, { usd: 1, other: 1 })).rejects.toThrow(/"other" was not part of hold/);
    expect(await store.settle(req, { usd: 1 })).toEqual({ status: "settled", lapsed: false });
  });
}

/** Window reset, and a closed store. */
function windowAndCloseTests(ctx: Stores, harness: CounterStoreHarness): void {
  it("resets a window counter when its window expires, and says when", async () => {
    const { store, peer } = ctx;
    const tag = fresh("tag");
    const item = { key: "tpm", amount: 8, limit: 10, windowTtlMs: 300 };
    const req = hold([item], 60_000, tag);
    expect((await store.reserve(req)).ok).toBe(true);
    await store.settle(req, { tpm: 8 });
    const refused = await peer.reserve(hold([item], 60_000, tag));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.exceeded[0]).toMatchObject({ key: "tpm", used: 8, held: 0 });
      expect(refused.exceeded[0]?.resetsAt).toEqual(expect.any(Number));
    }
    const plain = await store.reserve(hold([{ key: "tpm", amount: 11, limit: 10 }], 60_000, tag));
    expect(plain.ok === false && plain.exceeded[0]?.resetsAt).toBe(undefined);
    await vi.waitFor(
      async () => expect((await store.reserve(hold([item], 60_000, tag))).ok).toBe(true),
      poll,
    );
  });

  it("rejects every call after close with StateUnavailableError", async () => {
    const closed = await harness.open();
    await closed.close();
    await expect(closed.get("k")).rejects.toBeInstanceOf(StateUnavailableError);
    await expect(closed.reserve(hold([{ key: "k", amount: 1, limit: 1 }]))).rejects.toBeInstanceOf(
      StateUnavailableError,
    );
  });
}

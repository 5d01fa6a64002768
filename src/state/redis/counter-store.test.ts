/**
 * The CounterStore contract on a real Redis (test/support/services.ts), under a key prefix of
 * this run's own; every key under it is deleted afterwards.
 */
import { createRequire } from "node:module";
import { createServer, type Socket } from "node:net";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { describeSkipped, REDIS_URL, runId, serviceDown } from "../../../test/support/services.js";
import { counterStoreContract } from "../counter-store.contract.js";
import { StateInputError, StateUnavailableError } from "../errors.js";
import { RedisCounterStore } from "./counter-store.js";
import { reserveKeys } from "./keys.js";

// why: the slot function Redis Cluster uses, as ioredis itself computes it (its own dependency).
const requireFromIoredis = createRequire(createRequire(import.meta.url).resolve("ioredis"));
const keySlot = requireFromIoredis("cluster-key-slot") as (key: string) => number;

const redisDown = await serviceDown("Redis");
const prefix = `tgtest:${runId()}:`;

async function keysUnder(admin: Redis, match: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await admin.scan(cursor, "MATCH", `${match}*`, "COUNT", 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== "0");
  return found;
}

describe.skipIf(redisDown !== null)("redis CounterStore", () => {
  const admin = new Redis(REDIS_URL);
  afterAll(async () => {
    const keys = await keysUnder(admin, prefix);
    if (keys.length > 0) await admin.del(...keys);
    expect(await keysUnder(admin, prefix)).toEqual([]);
    await admin.quit();
  });

  counterStoreContract("redis", {
    open: async () => new RedisCounterStore({ url: REDIS_URL, prefix }),
    shared: true,
  });

  it("puts every key of one reservation in one Redis Cluster hash slot", async () => {
    const store = new RedisCounterStore({ url: REDIS_URL, prefix: `${prefix}slot:` });
    const items = ["usd:2026-12", "tok:minute:123", "{odd}key", "x"].map((key) => ({
      key,
      amount: 1,
      limit: 9,
    }));
    const req = { id: "slot-1", tag: "tenant-a", ttlMs: 60_000, items };
    const planned = reserveKeys(
      `${prefix}slot:`,
      req.tag,
      items.map((i) => i.key),
    );
    expect(new Set(planned.map(keySlot)).size).toBe(1);
    expect(
      (await store.reserve({ ...req, items: items.map((i) => ({ ...i, windowTtlMs: 60_000 })) })).ok,
    ).toBe(true);
    // The keys the script really wrote are exactly the planned ones, so all in that one slot.
    expect((await keysUnder(admin, `${prefix}slot:`)).sort()).toEqual([...planned].sort());
    await store.settle(req, { x: 1 });
    const stored = await keysUnder(admin, `${prefix}slot:`);
    expect(stored.every((k) => planned.includes(k))).toBe(true);
    await store.close();
  });

  it("refuses a prefix with braces", () => {
    expect(() => new RedisCounterStore({ url: REDIS_URL, prefix: "a{b}:" })).toThrow(StateInputError);
  });

  it("leaves no bookkeeping without an expiry", async () => {
    const store = new RedisCounterStore({ url: REDIS_URL, prefix: `${prefix}ttl:` });
    const req = { id: "r", tag: "t", ttlMs: 60_000, items: [{ key: "usd", amount: 1, limit: 9 }] };
    await store.reserve(req);
    await store.settle(req, { usd: 1 });
    const keys = await keysUnder(admin, `${prefix}ttl:~`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await admin.pttl(key)).toBeGreaterThan(0);
    await store.close();
  });
});

describe("redis CounterStore: unreachable", () => {
  it("rejects calls with StateUnavailableError when nothing listens on the port", async () => {
    const errors: Error[] = [];
    const store = new RedisCounterStore({ url: "redis://127.0.0.1:1", onError: (e) => errors.push(e) });
    await expect(store.add("k", 1, 1000)).rejects.toBeInstanceOf(StateUnavailableError);
    await expect(
      store.reserve({ id: "r", tag: "t", ttlMs: 1000, items: [{ key: "k", amount: 1, limit: 1 }] }),
    ).rejects.toBeInstanceOf(StateUnavailableError);
    await expect(store.getMany(["a", "b"])).rejects.toThrow(/redis state store unavailable/);
    expect(errors.length).toBeGreaterThan(0);
    await store.close();
  });
});

describe("redis CounterStore: a server that never answers", () => {
  it("rejects with StateUnavailableError once the command timeout passes", async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const store = new RedisCounterStore({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 200 });
    await expect(store.get("k")).rejects.toThrow(/redis state store unavailable: Command timed out/);
    await store.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});

if (redisDown) describeSkipped("redis CounterStore", "Redis", redisDown);

import { describe, expect, it } from "vitest";
import { fullRecord, memoryLogger } from "../__fixtures__/records.js";
import type { UsageRecord } from "../record.js";
import { BatchingSink, type BatchTransport, backoffMs } from "./batcher.js";
import { BoundedQueue } from "./bounded-queue.js";

describe("BoundedQueue", () => {
  it("is FIFO and evicts the oldest when full", () => {
    const q = new BoundedQueue<number>(3);
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([false, false, false, true]);
    expect(q.take(10)).toEqual([2, 3, 4]);
    expect(q.length).toBe(0);
    q.push(5);
    expect(q.take(1)).toEqual([5]);
  });

  it("rejects a non-positive capacity", () => {
    expect(() => new BoundedQueue(0)).toThrow(RangeError);
  });
});

describe("backoffMs", () => {
  it("grows exponentially, is capped, and is never below half the ceiling", () => {
    expect(backoffMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffMs(4, 100, 10_000, () => 0)).toBe(400);
    expect(backoffMs(20, 100, 10_000, () => 1)).toBe(10_000);
  });
});

/** A transport that fails `failures` times (with `error`), then records batches. */
function flaky(failures: number, error: unknown = new Error("boom")) {
  const batches: UsageRecord[][] = [];
  let calls = 0;
  const transport: BatchTransport = {
    async send(batch) {
      calls++;
      if (calls <= failures) throw error;
      batches.push(batch);
    },
    retryable: (e) => (e as { permanent?: boolean }).permanent !== true,
  };
  return { transport, batches, calls: () => calls };
}

const fast = { batchSize: 2, flushMs: 5, maxQueue: 100, maxAttempts: 4, baseBackoffMs: 1, maxBackoffMs: 2 };

describe("BatchingSink", () => {
  it("sends in batches of batch_size, in order, and counts written", async () => {
    const { transport, batches } = flaky(0);
    const sink = new BatchingSink("t", transport, fast, memoryLogger());
    for (let i = 0; i < 5; i++) sink.write(fullRecord(i));
    expect(batches).toHaveLength(0); // nothing is sent on the caller's stack
    await sink.flush();
    expect(batches.map((b) => b.map((r) => r.request_id))).toEqual([
      ["req_0", "req_1"],
      ["req_2", "req_3"],
      ["req_4"],
    ]);
    expect(sink.stats()).toEqual({ written: 5, dropped: 0, failed: 0 });
    await sink.close();
  });

  it("sends a partial batch when flush_ms elapses, without a flush call", async () => {
    let delivered: (batch: UsageRecord[]) => void = () => undefined;
    const sent = new Promise<UsageRecord[]>((resolve) => {
      delivered = resolve;
    });
    const transport: BatchTransport = { send: async (batch) => delivered(batch) };
    const sink = new BatchingSink("t", transport, { ...fast, batchSize: 100 }, memoryLogger());
    sink.write(fullRecord(1));
    expect(await sent).toHaveLength(1);
    await sink.close();
  });

  it("retries a failing batch and then delivers it", async () => {
    const { transport, batches, calls } = flaky(2);
    const sink = new BatchingSink("t", transport, fast, memoryLogger());
    sink.write(fullRecord(1));
    await sink.flush();
    expect(calls()).toBe(3);
    expect(batches).toHaveLength(1);
    expect(sink.stats()).toEqual({ written: 1, dropped: 0, failed: 0 });
  });

  it("gives up after max_attempts, counts failed and logs once per batch", async () => {
    const { transport, calls } = flaky(100);
    const logger = memoryLogger();
    const sink = new BatchingSink("t", transport, fast, logger);
    sink.write(fullRecord(1));
    sink.write(fullRecord(2));
    await sink.flush();
    expect(calls()).toBe(4);
    expect(sink.stats()).toEqual({ written: 0, dropped: 0, failed: 2 });
    expect(logger.lines.filter((l) => l.msg === "usage records not delivered")).toHaveLength(1);
  });

  it("does not retry a permanent failure", async () => {
    const { transport, calls } = flaky(100, Object.assign(new Error("bad"), { permanent: true }));
    const sink = new BatchingSink("t", transport, fast, memoryLogger());
    sink.write(fullRecord(1));
    await sink.flush();
    expect(calls()).toBe(1);
    expect(sink.stats().failed).toBe(1);
  });

  it("drops the oldest when the queue is full, and counts it", async () => {
    const { transport, batches } = flaky(0);
    const sink = new BatchingSink("t", transport, { ...fast, batchSize: 10, maxQueue: 3 }, memoryLogger());
    for (let i = 0; i < 5; i++) sink.write(fullRecord(i));
    await sink.flush();
    expect(batches.flat().map((r) => r.request_id)).toEqual(["req_2", "req_3", "req_4"]);
    expect(sink.stats()).toEqual({ written: 3, dropped: 2, failed: 0 });
  });

  it("close gives up on a stuck transport after its timeout and counts the rest as dropped", async () => {
    let aborted = false;
    const stuck: BatchTransport = {
      send: (_batch, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          });
        }),
    };
    const sink = new BatchingSink("t", stuck, { ...fast, batchSize: 1, closeTimeoutMs: 20 }, memoryLogger());
    sink.write(fullRecord(1));
    sink.write(fullRecord(2));
    await sink.close();
    expect(aborted).toBe(true);
    expect(sink.stats()).toEqual({ written: 0, dropped: 1, failed: 1 });
    sink.write(fullRecord(3));
    expect(sink.stats().dropped).toBe(2);
  });

  it("journals each record on write, before queueing, and releases only delivered ones", async () => {
    const log: string[] = [];
    const journal = {
      append: (r: UsageRecord) => log.push(`append ${r.request_id}`),
      release: (rs: readonly UsageRecord[]) => log.push(`release ${rs.map((r) => r.request_id).join(",")}`),
      close: () => log.push("close"),
    };
    const { transport } = flaky(4);
    const sink = new BatchingSink("t", transport, { ...fast, journal }, memoryLogger());
    sink.write(fullRecord(1));
    sink.write(fullRecord(2));
    expect(log).toEqual(["append req_1", "append req_2"]);
    await sink.flush(); // the first batch fails four times: given up, so not released
    sink.write(fullRecord(3));
    await sink.close();
    expect(log).toEqual(["append req_1", "append req_2", "append req_3", "release req_3", "close"]);
  });

  it("queues replayed records first, without journaling them again", async () => {
    const appended: string[] = [];
    const journal = {
      append: (r: UsageRecord) => appended.push(r.request_id),
      release: () => {},
      close: () => {},
    };
    const { transport, batches } = flaky(0);
    const opts = { ...fast, journal, replay: [fullRecord(7)] };
    const sink = new BatchingSink("t", transport, opts, memoryLogger());
    sink.write(fullRecord(8));
    await sink.flush();
    expect(batches.flat().map((r) => r.request_id)).toEqual(["req_7", "req_8"]);
    expect(appended).toEqual(["req_8"]);
    await sink.close();
  });
});

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { fullRecord, memoryLogger, sparseRecord } from "../__fixtures__/records.js";
import { RECORD_FIELDS } from "../record.js";
import { fileJsonlSink, JsonlSink } from "./jsonl.js";

const dir = mkdtempSync(join(tmpdir(), "tg-jsonl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("JsonlSink", () => {
  it("appends one JSON object per line, every field present, unknowns null", async () => {
    const path = join(dir, "usage.jsonl");
    const sink = fileJsonlSink(path, memoryLogger());
    const sparse = sparseRecord(1);
    delete (sparse as Partial<typeof sparse>).tenant; // a caller that left a field out
    sink.write(fullRecord(1));
    sink.write(sparse);
    await sink.close();
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines.at(-1)).toBe("");
    const [full, second] = lines.slice(0, 2).map((l) => JSON.parse(l));
    expect(Object.keys(full)).toEqual([...RECORD_FIELDS]);
    expect(Object.keys(second)).toEqual([...RECORD_FIELDS]);
    expect(second.tenant).toBeNull();
    expect(second.cost_usd).toBeNull();
    expect(full.request_payload).toEqual({ messages: [{ role: "user", content: "héllo ✓" }] });
    expect(sink.stats()).toEqual({ written: 2, dropped: 0, failed: 0 });
  });

  it("keeps appending to an existing file", async () => {
    const path = join(dir, "append.jsonl");
    for (let round = 0; round < 2; round++) {
      const sink = fileJsonlSink(path, memoryLogger());
      sink.write(fullRecord(round));
      await sink.close();
    }
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(2);
  });

  it("returns from write before the stream sees a byte", async () => {
    const events: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        events.push(`stream got ${String(chunk).split("\n").length - 1} lines`);
        cb();
      },
    });
    const sink = new JsonlSink({ stream, ownsStream: true }, memoryLogger());
    sink.write(fullRecord(1));
    sink.write(fullRecord(2));
    events.push("write returned");
    await sink.flush();
    expect(events).toEqual(["write returned", "stream got 2 lines"]);
  });

  it("counts a failing stream as failed and never throws", async () => {
    const logger = memoryLogger();
    const stream = new Writable({
      write(_chunk, _enc, cb) {
        cb(new Error("disk full"));
      },
    });
    const sink = new JsonlSink({ stream, ownsStream: true }, logger);
    sink.write(fullRecord(1));
    await sink.flush();
    expect(sink.stats()).toEqual({ written: 0, dropped: 0, failed: 1 });
    expect(logger.lines.some((l) => l.msg === "usage record log stream failed")).toBe(true);
    sink.write(fullRecord(2)); // a destroyed stream: dropped, not thrown
    await sink.flush();
    expect(sink.stats().dropped).toBe(1);
  });

  it("counts a record that cannot be serialized as failed and writes the rest", async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk));
        cb();
      },
    });
    const sink = new JsonlSink({ stream, ownsStream: true }, memoryLogger());
    const bad = fullRecord(1);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    bad.request_payload = cycle;
    sink.write(bad);
    sink.write(fullRecord(2));
    await sink.flush();
    expect(sink.stats()).toEqual({ written: 1, dropped: 0, failed: 1 });
    expect(chunks.join("")).toContain('"req_2"');
  });

  it("drops beyond max_pending and after close", async () => {
    const stream = new Writable({ write: (_c, _e, cb) => cb() });
    const sink = new JsonlSink({ stream, ownsStream: true, maxPending: 2 }, memoryLogger());
    for (let i = 0; i < 5; i++) sink.write(fullRecord(i));
    await sink.close();
    sink.write(fullRecord(9));
    expect(sink.stats()).toEqual({ written: 2, dropped: 4, failed: 0 });
  });
});

import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fullRecord, memoryLogger } from "../__fixtures__/records.js";
import { Spool } from "./spool.js";

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), "tg-spool-")), "usage.db.spool");
});
afterEach(() => rmSync(join(dir, ".."), { recursive: true, force: true }));

const segments = () => readdirSync(dir).sort();
const size = (name: string) => statSync(join(dir, name)).size;

describe("Spool", () => {
  it("appends one line per record and truncates once every record is confirmed", () => {
    const { spool, replay } = Spool.open(dir, memoryLogger());
    expect(replay.records).toEqual([]);
    const a = fullRecord(1);
    const b = fullRecord(2);
    spool.append(a);
    spool.append(b);
    const lines = readFileSync(join(dir, "000001.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l).request_id)).toEqual(["req_1", "req_2"]);
    spool.release([a]);
    expect(size("000001.jsonl")).toBeGreaterThan(0);
    spool.release([b]);
    expect(size("000001.jsonl")).toBe(0);
    spool.append(fullRecord(3));
    expect(JSON.parse(readFileSync(join(dir, "000001.jsonl"), "utf8")).request_id).toBe("req_3");
  });

  it("rotates past the segment size and deletes a closed segment once it is confirmed", () => {
    const { spool } = Spool.open(dir, memoryLogger(), 1);
    const a = fullRecord(1);
    const b = fullRecord(2);
    spool.append(a);
    spool.append(b);
    expect(segments()).toEqual(["000001.jsonl", "000002.jsonl", "000003.jsonl"]);
    spool.release([b]);
    expect(segments()).toEqual(["000001.jsonl", "000003.jsonl"]);
    spool.close();
    expect(segments()).toEqual(["000001.jsonl"]);
  });

  it("reads back what an unclosed spool held, once per request_id, past a torn line", () => {
    const first = Spool.open(dir, memoryLogger()).spool;
    first.append(fullRecord(1));
    first.append(fullRecord(2));
    appendFileSync(join(dir, "000001.jsonl"), '{"request_id":"req_3","timest');
    const second = Spool.open(dir, memoryLogger());
    expect(second.replay.records.map((r) => r.request_id)).toEqual(["req_1", "req_2"]);
    expect(second.replay.unreadable).toBe(1);
    expect(second.replay.records[0]).toMatchObject({ tenant: "acme", input_tokens: 1200 });
    second.spool.release(second.replay.records);
    expect(segments()).toEqual(["000002.jsonl"]);
  });

  it("keeps an unconfirmed record on close, for the next start", () => {
    const { spool } = Spool.open(dir, memoryLogger());
    spool.append(fullRecord(1));
    spool.close();
    expect(Spool.open(dir, memoryLogger()).replay.records.map((r) => r.request_id)).toEqual(["req_1"]);
  });

  it("does not spool a record that cannot be serialized", () => {
    const { spool } = Spool.open(dir, memoryLogger());
    const bad = fullRecord(1);
    bad.request_payload = { n: 1n };
    spool.append(bad);
    expect(size("000001.jsonl")).toBe(0);
  });

  it("fails at open on a directory it cannot create", () => {
    const file = join(dir, "..", "a-file");
    writeFileSync(file, "");
    expect(() => Spool.open(join(file, "spool"), memoryLogger())).toThrow(/ENOTDIR|EEXIST/);
  });
});

import { describe, expect, it } from "vitest";
import { everyCut, randomCuts, replayCut } from "../../test/support/chunking.js";
import { decodeSse, decodeSseBatches, encodeSse, type SseEvent } from "./sse.js";

const STREAM =
  ': comment\r\nevent: message_start\r\ndata: {"a":1}\r\n\r\n' +
  "data: line one\ndata: line two\n\n" +
  "id: 7\rdata: é ünïcode ✓\r\r" +
  "event: ping\ndata:\n\n" +
  "data: [DONE]\n\n";

const EXPECTED: SseEvent[] = [
  { event: "message_start", data: '{"a":1}' },
  { data: "line one\nline two" },
  { data: "é ünïcode ✓", id: "7" },
  { event: "ping", data: "", id: "7" },
  { data: "[DONE]", id: "7" },
];

async function collect(body: AsyncIterable<Uint8Array>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const ev of decodeSse(body)) out.push(ev);
  return out;
}

describe("decodeSse", () => {
  const bytes = new TextEncoder().encode(STREAM);

  it("decodes CRLF, CR and LF line ends, comments, multi-line data and ids", async () => {
    expect(await collect(replayCut(bytes, []))).toEqual(EXPECTED);
  });

  it("gives the same events when the bytes are cut at every boundary", async () => {
    for (const cuts of everyCut(bytes.length))
      expect(await collect(replayCut(bytes, cuts))).toEqual(EXPECTED);
  });

  it("gives the same events for many random multi-cut replays", async () => {
    for (let seed = 1; seed <= 50; seed++) {
      expect(await collect(replayCut(bytes, randomCuts(bytes.length, 8, seed)))).toEqual(EXPECTED);
    }
  });

  it("dispatches a last event that lacks its blank line", async () => {
    expect(await collect(replayCut(new TextEncoder().encode("data: tail"), []))).toEqual([{ data: "tail" }]);
  });
});

describe("decodeSseBatches", () => {
  const bytes = new TextEncoder().encode(STREAM);

  async function batches(body: AsyncIterable<Uint8Array>): Promise<SseEvent[][]> {
    const out: SseEvent[][] = [];
    for await (const b of decodeSseBatches(body)) out.push(b);
    return out;
  }

  it("keeps the events of one read together", async () => {
    expect(await batches(replayCut(bytes, []))).toEqual([EXPECTED]);
  });

  it("yields no empty batch and loses no event, cut at every boundary", async () => {
    for (const cuts of everyCut(bytes.length)) {
      const got = await batches(replayCut(bytes, cuts));
      expect(got.every((b) => b.length > 0)).toBe(true);
      expect(got.flat()).toEqual(EXPECTED);
    }
  });

  it("hands over an event as soon as its read completes it", async () => {
    const cut = STREAM.indexOf("data: line one");
    const got = await batches(replayCut(bytes, [new TextEncoder().encode(STREAM.slice(0, cut)).length]));
    expect(got).toEqual([EXPECTED.slice(0, 1), EXPECTED.slice(1)]);
  });
});

describe("encodeSse", () => {
  it("frames named and multi-line events", () => {
    expect(encodeSse('{"x":1}', "delta")).toBe('event: delta\ndata: {"x":1}\n\n');
    expect(encodeSse("a\nb")).toBe("data: a\ndata: b\n\n");
  });
});

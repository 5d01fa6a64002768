import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { everyCut, randomCuts, replayCut } from "../../test/support/chunking.js";
import { decodeEventStream, type EventStreamMessage, encodeEventStreamMessage } from "./aws-eventstream.js";

async function collect(body: AsyncIterable<Uint8Array>): Promise<Array<{ h: unknown; b: string }>> {
  const out: Array<{ h: unknown; b: string }> = [];
  for await (const m of decodeEventStream(body)) out.push(simplify(m));
  return out;
}

function simplify(m: EventStreamMessage): { h: unknown; b: string } {
  return { h: m.headers, b: new TextDecoder().decode(m.body) };
}

async function* one(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function* bytewise(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** A frame built by hand from the spec, independently of the codec (CRCs from node:zlib). */
function handFrame(headers: Array<[string, string]>, payload: string): Uint8Array {
  const hs = Buffer.concat(
    headers.map(([k, v]) => {
      const name = Buffer.from(k);
      const value = Buffer.from(v);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(value.length);
      return Buffer.concat([Buffer.from([name.length]), name, Buffer.from([7]), len, value]);
    }),
  );
  const body = Buffer.from(payload);
  const total = 16 + hs.length + body.length;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(hs.length, 4);
  const pc = Buffer.alloc(4);
  pc.writeUInt32BE(crc32(prelude));
  const head = Buffer.concat([prelude, pc, hs, body]);
  const mc = Buffer.alloc(4);
  mc.writeUInt32BE(crc32(head));
  return Uint8Array.from(Buffer.concat([head, mc]));
}

const EVENT = {
  ":event-type": "contentBlockDelta",
  ":content-type": "application/json",
  ":message-type": "event",
};
const STREAM = concat([
  encodeEventStreamMessage({ ...EVENT, ":event-type": "messageStart" }, '{"p":"abc","role":"assistant"}'),
  encodeEventStreamMessage(EVENT, '{"contentBlockIndex":0,"delta":{"text":"Héllo 👋"},"p":"abcd"}'),
  encodeEventStreamMessage(
    {
      ":exception-type": "throttlingException",
      ":content-type": "application/json",
      ":message-type": "exception",
    },
    '{"message":"Too many requests, please wait before trying again."}',
  ),
]);

describe("decodeEventStream", () => {
  it("decodes a frame built by hand from the spec", async () => {
    const frame = handFrame(
      [
        [":event-type", "messageStop"],
        [":message-type", "event"],
      ],
      '{"stopReason":"end_turn"}',
    );
    expect(await collect(one(frame))).toEqual([
      { h: { ":event-type": "messageStop", ":message-type": "event" }, b: '{"stopReason":"end_turn"}' },
    ]);
  });

  it("encodes the same bytes as the hand-built frame", () => {
    const headers: Array<[string, string]> = [
      [":event-type", "messageStop"],
      [":message-type", "event"],
    ];
    expect(encodeEventStreamMessage(Object.fromEntries(headers), "{}")).toEqual(handFrame(headers, "{}"));
  });

  it("decodes several frames in one chunk", async () => {
    const out = await collect(one(STREAM));
    expect(out.map((m) => (m.h as Record<string, string>)[":message-type"])).toEqual([
      "event",
      "event",
      "exception",
    ]);
    expect(out[1]!.b).toContain("Héllo 👋");
  });

  it("gives the same messages for a cut at every byte boundary, and for 1-byte chunks", async () => {
    const whole = await collect(one(STREAM));
    for (const cuts of everyCut(STREAM.length)) {
      expect(await collect(replayCut(STREAM, cuts))).toEqual(whole);
    }
    expect(await collect(bytewise(STREAM))).toEqual(whole);
    expect(await collect(replayCut(STREAM, randomCuts(STREAM.length, 40, 7)))).toEqual(whole);
  });

  it("rejects a payload whose message CRC does not match", async () => {
    const bad = STREAM.slice();
    bad[20] = bad[20]! ^ 0xff; // inside the first frame's headers
    await expect(collect(one(bad))).rejects.toThrow(/checksum|CRC|invalid event stream frame/);
  });

  it("rejects a corrupt prelude before waiting for its length", async () => {
    const junk = new TextEncoder().encode("{not json\n and more bytes");
    await expect(collect(one(junk))).rejects.toThrow(/prelude checksum/);
  });

  it("rejects an impossible length even with a valid prelude CRC", async () => {
    const prelude = Buffer.alloc(12);
    prelude.writeUInt32BE(0x7fffffff, 0);
    prelude.writeUInt32BE(0, 4);
    prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
    await expect(collect(one(Uint8Array.from(prelude)))).rejects.toThrow(/impossible length/);
  });

  it("rejects a stream that ends inside a frame, after the complete frames", async () => {
    const cut = STREAM.subarray(0, STREAM.length - 3);
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const m of decodeEventStream(one(cut))) seen.push(m);
      })(),
    ).rejects.toThrow(/ended inside a frame/);
    expect(seen).toHaveLength(2);
  });

  it("ends cleanly on an empty stream", async () => {
    expect(await collect(one(new Uint8Array(0)))).toEqual([]);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { everyCut, randomCuts, replayCut } from "../../../test/support/chunking.js";
import { expectGolden } from "../../../test/support/golden.js";
import { collectChunks } from "../../canonical/collect.js";
import type { ChatChunk } from "../../canonical/index.js";
import { decodeEventStream, encodeEventStreamMessage } from "../../wire/aws-eventstream.js";
import { collect, fixture, makeCtx, makeProvider, once, pinChunks } from "./__fixtures__/harness.js";

const provider = makeProvider();
const STREAMS = readdirSync(fixture("streams"))
  .filter((f) => f.endsWith(".bin"))
  .map((f) => f.slice(0, -4));

function decode(body: AsyncIterable<Uint8Array>, ctx = makeCtx()): Promise<ChatChunk[]> {
  return collect(provider.chat.decodeStream(body, ctx));
}

describe("bedrock decodeStream: recorded ConverseStream bodies", () => {
  it("has the recorded streams", () => {
    expect(STREAMS.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of STREAMS) {
    const bytes = new Uint8Array(readFileSync(fixture("streams", `${name}.bin`)));

    it(`${name}: the bytes frame exactly the recorded events`, async () => {
      const events = JSON.parse(readFileSync(fixture("streams", `${name}.events.json`), "utf8")) as Array<{
        headers: Record<string, string>;
        payload: string;
      }>;
      const decoded = await collect(decodeEventStream(once(bytes)));
      expect(decoded.map((m) => ({ headers: m.headers, payload: new TextDecoder().decode(m.body) }))).toEqual(
        events,
      );
    });

    it(`${name}: → expected chunks, identical when cut at every byte boundary`, async () => {
      const whole = pinChunks(await decode(once(bytes)));
      expectGolden(fixture("streams", `${name}.expected.json`), whole);
      for (const cuts of everyCut(bytes.length)) {
        expect(pinChunks(await decode(replayCut(bytes, cuts)))).toEqual(whole);
      }
      expect(pinChunks(await decode(replayCut(bytes, randomCuts(bytes.length, 200, 11))))).toEqual(whole);
    });
  }

  it("folds the tool-use stream into the same tool calls the JSON path gives", async () => {
    const bytes = new Uint8Array(readFileSync(fixture("streams", "tool-use.bin")));
    const res = await collectChunks(provider.chat.decodeStream(once(bytes), makeCtx()));
    expect(res.choices[0]!.message.tool_calls).toEqual([
      {
        id: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
        name: "get_weather",
        arguments: '{"location": "Paris", "unit": "celsius"}',
      },
      { id: "tooluse_2nMxS0nRQIO9jWbsm0SgtQ", name: "get_weather", arguments: '{"location": "Tokyo"}' },
    ]);
    expect(res.choices[0]!.finish_reason).toBe("tool_calls");
  });
});

describe("bedrock decodeStream: broken streams", () => {
  const event = (type: string, payload: string) =>
    encodeEventStreamMessage(
      { ":event-type": type, ":content-type": "application/json", ":message-type": "event" },
      payload,
    );
  const start = event("messageStart", '{"role":"assistant"}');

  it("a malformed JSON payload yields one error and ends", async () => {
    const bytes = Buffer.concat([
      start,
      event("contentBlockDelta", '{"contentBlockIndex":0,'),
      event("messageStop", "{}"),
    ]);
    const chunks = await decode(once(new Uint8Array(bytes)));
    expect(chunks.map((c) => c.type)).toEqual(["start", "error"]);
    expect(chunks[1]).toMatchObject({
      error: { status: 502, code: "upstream_invalid_response", provider: "bedrock-test" },
    });
  });

  it("bytes that are not event-stream framing yield an error, not a hang", async () => {
    const bytes = Buffer.concat([start, Buffer.from("{not json at all\n")]);
    const chunks = await decode(once(new Uint8Array(bytes)));
    expect(chunks.map((c) => c.type)).toEqual(["start", "error"]);
    expect(chunks[1]).toMatchObject({ error: { message: expect.stringContaining("prelude checksum") } });
  });

  it("a generic `:message-type: error` frame becomes an error chunk", async () => {
    const err = encodeEventStreamMessage(
      {
        ":message-type": "error",
        ":error-code": "InternalFailure",
        ":error-message": "An internal error occurred",
      },
      "",
    );
    const chunks = await decode(once(new Uint8Array(Buffer.concat([start, err]))));
    expect(chunks[1]).toMatchObject({
      type: "error",
      error: { status: 502, message: expect.stringContaining("internal error") },
    });
  });

  it("a toolUse delta without its contentBlockStart is an error", async () => {
    const bytes = Buffer.concat([
      start,
      event("contentBlockDelta", '{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{}"}}}'),
    ]);
    const chunks = await decode(once(new Uint8Array(bytes)));
    expect(chunks.at(-1)).toMatchObject({
      type: "error",
      error: { message: expect.stringContaining("contentBlockStart") },
    });
  });

  it("warns once about redacted reasoning it cannot pass on", async () => {
    const red = event(
      "contentBlockDelta",
      '{"contentBlockIndex":0,"delta":{"reasoningContent":{"redactedContent":"AAAA"}}}',
    );
    const ctx = makeCtx();
    const bytes = Buffer.concat([start, red, red, event("messageStop", '{"stopReason":"end_turn"}')]);
    const chunks = await decode(once(new Uint8Array(bytes)), ctx);
    expect(chunks.map((c) => c.type)).toEqual(["start", "finish"]);
    expect(ctx.warnings).toHaveLength(1);
  });
});

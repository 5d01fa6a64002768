import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { everyCut, randomCuts, replayCut } from "../../../test/support/chunking.js";
import { expectGolden } from "../../../test/support/golden.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { testContext, testProvider, withoutCreated } from "./__fixtures__/context.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__", "streams");
const provider = testProvider();
const STREAMS = [
  "text",
  "tool-calls",
  "reasoning",
  "citations-max-tokens",
  "finish-error",
  "truncated",
  "malformed",
];
/** Fixtures up to this size are replayed cut at every byte; larger ones at 200 random points. */
const EVERY_CUT_LIMIT = 1600;

async function decode(body: AsyncIterable<Uint8Array>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of provider.chat.decodeStream(body, testContext())) out.push(c);
  return withoutCreated(
    out.map((c) => (c.type === "error" ? ({ ...c, error: errorView(c.error) } as never) : c)),
  );
}

function errorView(e: { status: number; code: string; kind: string; message: string }) {
  return { status: e.status, kind: e.kind, code: e.code, message: e.message };
}

describe("cohere chat decodeStream", () => {
  for (const name of STREAMS) {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, `${name}.sse`)));

    it(`decodes the recorded ${name} stream`, async () => {
      expectGolden(join(FIXTURES, `${name}.expected.json`), await decode(replayCut(bytes, [])));
    });

    it(`decodes ${name} the same when cut anywhere`, async () => {
      const whole = await decode(replayCut(bytes, []));
      const cuts = bytes.length <= EVERY_CUT_LIMIT ? [...everyCut(bytes.length)] : cutsAtRandom(bytes.length);
      for (const cut of cuts) expect(await decode(replayCut(bytes, cut))).toEqual(whole);
    });
  }

  it("yields start first and maps tool-call indexes in order", async () => {
    const chunks = await decode(replayCut(readFileSync(join(FIXTURES, "tool-calls.sse")), []));
    expect(chunks[0]).toMatchObject({
      type: "start",
      id: "2941a21b-8b7a-45f6-9b0d-235fd66c3025",
      model: "command-a-03-2025",
    });
    const starts = chunks.filter((c) => c.type === "tool-call-start");
    expect(starts.map((c) => c.index)).toEqual([0, 1]);
    expect(chunks.at(-1)).toEqual({
      type: "usage",
      usage: { input_tokens: 1549, output_tokens: 95, cached_tokens: 1504, source: "provider" },
    });
  });

  it("ends with an error chunk for a stream cut before message-end", async () => {
    const chunks = await decode(replayCut(readFileSync(join(FIXTURES, "truncated.sse")), []));
    expect(chunks.at(-1)).toMatchObject({ type: "error", error: { status: 502, code: "upstream_error" } });
  });

  it("stops at a malformed event", async () => {
    const chunks = await decode(replayCut(readFileSync(join(FIXTURES, "malformed.sse")), []));
    expect(chunks.filter((c) => c.type === "text-delta")).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({ type: "error", error: { code: "upstream_invalid_response" } });
  });

  it("turns an error event into an error chunk", async () => {
    const sse =
      'event: message-start\ndata: {"id":"e1","type":"message-start"}\n\nevent: error\ndata: {"message":"internal error"}\n\n';
    const chunks = await decode(replayCut(new TextEncoder().encode(sse), []));
    expect(chunks.map((c) => c.type)).toEqual(["start", "error"]);
    expect(chunks[1]).toMatchObject({ error: { message: "Cohere: internal error" } });
  });

  it("yields start even for an empty body", async () => {
    const chunks = await decode((async function* () {})());
    expect(chunks.map((c) => c.type)).toEqual(["start", "error"]);
  });
});

function cutsAtRandom(length: number): number[][] {
  return Array.from({ length: 200 }, (_, i) => randomCuts(length, 1 + (i % 7), i + 1));
}

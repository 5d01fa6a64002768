import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { everyCut, randomCuts, replayCut } from "../../../test/support/chunking.js";
import { expectGolden, ROOT } from "../../../test/support/golden.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { collectChunks } from "../../canonical/collect.js";
import { testCtx } from "./__fixtures__/test-ctx.js";
import { decodeGeminiStream } from "./stream.js";

const DIR = join(ROOT, "src", "providers", "gemini", "__fixtures__", "streams");
const files = readdirSync(DIR).filter((f) => f.endsWith(".sse"));

/** Chunks with errors flattened to their visible fields (GatewayError does not serialise). */
async function decode(body: AsyncIterable<Uint8Array>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const c of decodeGeminiStream(body, testCtx()) as AsyncIterable<ChatChunk>) {
    if (c.type === "error") {
      const { status, code, kind, message, retryAfter } = c.error;
      out.push({ type: "error", error: { status, code, kind, message, retryAfter } });
    } else out.push(c);
  }
  return out;
}

beforeAll(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2025-09-15T12:00:00Z"));
});
afterAll(() => vi.useRealTimers());

describe("gemini decodeStream: recorded streams", () => {
  it("has fixtures", () => expect(files.length).toBeGreaterThanOrEqual(8));
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(join(DIR, file)));
    it(file, async () => {
      const whole = await decode(replayCut(bytes, []));
      expectGolden(join(DIR, file.replace(/\.sse$/, ".expected.json")), whole);
      expect(whole[0]).toMatchObject({ type: "start" });
    });
    it(`${file} cut at every byte and at 200 random boundary sets`, async () => {
      const whole = await decode(replayCut(bytes, []));
      for (const cuts of everyCut(bytes.length)) expect(await decode(replayCut(bytes, cuts))).toEqual(whole);
      for (let seed = 1; seed <= 200; seed++) {
        expect(await decode(replayCut(bytes, randomCuts(bytes.length, 8, seed)))).toEqual(whole);
      }
    });
  }

  it("folds tool calls and usage like the JSON path", async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, "tool-calls.sse")));
    const res = await collectChunks(decodeGeminiStream(replayCut(bytes, []), testCtx()));
    expect(res.choices[0]!.finish_reason).toBe("tool_calls");
    expect(res.choices[0]!.message.tool_calls).toEqual([
      {
        id: "call_0",
        name: "get_weather",
        arguments: '{"location":"Paris","unit":"celsius"}',
        signature: "CiQBVKhc7dGs3vXk0n2y6Q==",
      },
      { id: "call_1", name: "get_weather", arguments: '{"location":"Tokyo","unit":"celsius"}' },
    ]);
    expect(res.usage).toEqual({
      input_tokens: 72,
      output_tokens: 109,
      reasoning_tokens: 69,
      source: "provider",
    });
  });

  it("ends with an error chunk on an upstream error event, keeping its status", async () => {
    const chunks = await decode(replayCut(new Uint8Array(readFileSync(join(DIR, "error-event.sse"))), []));
    expect(chunks.at(-1)).toMatchObject({ type: "error", error: { status: 503, kind: "overloaded" } });
  });
});

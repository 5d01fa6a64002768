import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { everyCut, randomCuts, replayCut } from "../../../test/support/chunking.js";
import { expectGolden, ROOT } from "../../../test/support/golden.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { collectChunks } from "../../canonical/collect.js";
import type { CodecContext } from "../types.js";
import { anthropicProvider } from "./index.js";

const DIR = join(ROOT, "src", "providers", "anthropic", "__fixtures__", "streams");
const provider = anthropicProvider.create("claude", { type: "anthropic", api_key: "sk-ant-test-key" });

function context() {
  const warnings: string[] = [];
  const ctx: CodecContext = {
    target: { provider: "claude", model: "claude-sonnet-4-5" },
    warn: (m) => warnings.push(m),
    onUnsupported: "error",
  };
  return { ctx, warnings };
}

/** Chunks with `created` zeroed and errors as plain objects, so goldens are stable. */
async function decodeAll(body: AsyncIterable<Uint8Array>) {
  const { ctx, warnings } = context();
  const chunks: unknown[] = [];
  for await (const c of provider.chat.decodeStream(body, ctx) as AsyncIterable<ChatChunk>) {
    if (c.type === "start") chunks.push({ ...c, created: 0 });
    else if (c.type === "error") {
      const { status, kind, code, message, provider: p } = c.error;
      chunks.push({ type: "error", error: { status, kind, code, message, provider: p } });
    } else chunks.push(c);
  }
  return { chunks, warnings };
}

const files = readdirSync(DIR).filter((f) => f.endsWith(".sse"));

describe("anthropic decodeStream: recorded streams", () => {
  it("has fixtures", () => expect(files.length).toBeGreaterThanOrEqual(7));
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(join(DIR, file)));
    const golden = join(DIR, file.replace(/\.sse$/, ".expected.json"));

    it(`${file}: whole`, async () => {
      const out = await decodeAll(replayCut(bytes, []));
      expect(out.chunks[0]).toMatchObject({ type: "start" });
      expectGolden(golden, out);
    });

    it(`${file}: cut at every byte boundary`, async () => {
      const whole = await decodeAll(replayCut(bytes, []));
      for (const cuts of everyCut(bytes.length)) {
        expect(await decodeAll(replayCut(bytes, cuts)), `cut at ${cuts[0]}`).toEqual(whole);
      }
    });

    it(`${file}: cut at 200 random boundaries, 20 times`, async () => {
      const whole = await decodeAll(replayCut(bytes, []));
      for (let seed = 1; seed <= 20; seed++) {
        expect(await decodeAll(replayCut(bytes, randomCuts(bytes.length, 200, seed)))).toEqual(whole);
      }
    });
  }

  it("folds the tool-use stream into tool calls indexed among tool_use blocks", async () => {
    const { ctx } = context();
    const bytes = new Uint8Array(readFileSync(join(DIR, "tool-use.sse")));
    const res = await collectChunks(provider.chat.decodeStream(replayCut(bytes, []), ctx));
    expect(res.choices[0]?.message.tool_calls).toEqual([
      { id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: '{"location": "Paris"}' },
      { id: "toolu_01B7x3kQ2mNpR8sT4vW6yZ1a", name: "get_weather", arguments: '{"location": "Tokyo"}' },
    ]);
    expect(res.choices[0]?.finish_reason).toBe("tool_calls");
    expect(res.usage).toMatchObject({ input_tokens: 472, output_tokens: 89 });
  });

  it("combines message_start input usage with message_delta output usage", async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, "redacted.sse")));
    const { chunks } = await decodeAll(replayCut(bytes, []));
    expect(chunks.at(-1)).toEqual({
      type: "usage",
      usage: {
        input_tokens: 40 + 1024 + 2048,
        output_tokens: 57,
        cached_tokens: 2048,
        cache_write_tokens: 1024,
        source: "provider",
      },
    });
  });
});

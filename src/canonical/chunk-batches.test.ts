import { describe, expect, it } from "vitest";
import type { ChatChunk } from "./chunk.js";
import { batchedChunks, chunkBatches } from "./chunk-batches.js";

const text = (t: string): ChatChunk => ({ type: "text-delta", choice: 0, text: t });
const BATCHES: ChatChunk[][] = [[{ type: "start", id: "r", model: "m", created: 0 }, text("a")], [text("b")]];

async function* gen(batches: ChatChunk[][]) {
  for (const b of batches) yield b;
}

describe("batchedChunks", () => {
  it("reads per chunk, in order", async () => {
    const got: ChatChunk[] = [];
    for await (const c of batchedChunks(() => gen(BATCHES))) got.push(c);
    expect(got).toEqual(BATCHES.flat());
  });

  it("offers the batches as they were", async () => {
    const batches = chunkBatches(batchedChunks(() => gen(BATCHES)));
    expect(batches).toBeDefined();
    const got: ChatChunk[][] = [];
    for await (const b of batches!) got.push(b);
    expect(got).toEqual(BATCHES);
  });

  it("has no batch view for a plain chunk stream", async () => {
    async function* plain() {
      yield text("x");
    }
    expect(chunkBatches(plain())).toBeUndefined();
  });
});

/**
 * Chunk streams that can also be read a batch at a time: the chunks one upstream read produced,
 * as one array. Every layer of a stream (provider decoder, tap, egress renderer) then pays one
 * asynchronous step per upstream read instead of one per chunk, and the client gets one socket
 * write per read. The per-chunk `AsyncIterable<ChatChunk>` stays the contract: plugins and tests
 * iterate chunk by chunk, and a layer that only knows that form simply drops the batch view.
 * Batching never holds a chunk back: a batch is exactly what had arrived.
 */
import type { ChatChunk } from "./chunk.js";

/** The property under which a chunk stream offers its batches. */
export const CHUNK_BATCHES: unique symbol = Symbol("tollgate.chunk-batches");

/** A chunk stream that can be iterated per chunk or per batch (once, either way). */
export interface BatchedChunks extends AsyncIterable<ChatChunk> {
  [CHUNK_BATCHES](): AsyncIterable<ChatChunk[]>;
}

/**
 * Wraps a batch generator as a chunk stream. `open` is called once, by whichever view is
 * iterated first; the per-chunk view flattens the batches.
 */
export function batchedChunks(open: () => AsyncIterable<ChatChunk[]>): BatchedChunks {
  return {
    [CHUNK_BATCHES]: open,
    async *[Symbol.asyncIterator]() {
      for await (const batch of open()) yield* batch;
    },
  };
}

/** The batch view of a chunk stream, or undefined when it only has the per-chunk one. */
export function chunkBatches(chunks: AsyncIterable<ChatChunk>): AsyncIterable<ChatChunk[]> | undefined {
  const open = (chunks as Partial<BatchedChunks>)[CHUNK_BATCHES];
  return typeof open === "function" ? open.call(chunks) : undefined;
}

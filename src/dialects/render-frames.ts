/**
 * Drives a dialect's stream renderer over a chunk stream. A batched stream
 * (`src/canonical/chunk-batches.ts`) becomes one string per batch, so the client gets one socket
 * write per upstream read; a plain stream becomes one string per chunk that renders to anything.
 */

import type { ChatChunk } from "../canonical/chunk.js";
import { chunkBatches } from "../canonical/chunk-batches.js";

/** A dialect's synchronous renderer: chunks in, SSE text out. */
export interface StreamRenderer {
  /** One chunk → zero or more complete SSE events. */
  push(c: ChatChunk): string;
  /** The chunks ended normally → the closing events. */
  end(): string;
  /** True once an error event was rendered: nothing more is sent. */
  readonly ended: boolean;
}

/** Renders `chunks` with `r`, as they arrive. */
export async function* renderFrames(
  chunks: AsyncIterable<ChatChunk>,
  r: StreamRenderer,
): AsyncGenerator<string> {
  const batches = chunkBatches(chunks);
  if (batches) {
    for await (const batch of batches) {
      let out = "";
      for (const c of batch) {
        out += r.push(c);
        if (r.ended) break;
      }
      if (out) yield out;
      if (r.ended) return;
    }
  } else {
    for await (const c of chunks) {
      const out = r.push(c);
      if (out) yield out;
      if (r.ended) return;
    }
  }
  const tail = r.end();
  if (tail) yield tail;
}

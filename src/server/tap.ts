/**
 * Wraps a provider's chunk stream: records time to first token and usage on the context, and turns
 * a thrown failure (connection reset, idle timeout, bad frame) into a final `error` chunk so the
 * egress dialect can end the stream correctly (never a fake success terminator).
 *
 * Where the provider reports no usage, it is estimated (`src/usage/`, docs/usage-and-tokens.md)
 * from `ctx.request` and the text generated so far: generated pieces are only kept by reference
 * per chunk and counted once, at the end. A client that goes away mid-stream is charged for what
 * was generated up to then. A stream that ends normally without usage gets one more `usage` chunk
 * with the estimate, so the client sees it too.
 */
import type { ChatChunk } from "../canonical/chunk.js";
import { type BatchedChunks, batchedChunks, chunkBatches } from "../canonical/chunk-batches.js";
import type { RequestContext } from "../pipeline/context.js";
import { transportError } from "../upstream/client.js";
import { estimateUsage } from "../usage/estimate.js";
import { GeneratedText } from "../usage/generated-text.js";

/**
 * Taps a chunk stream. A batched source (`src/canonical/chunk-batches.ts`) stays batched, so the
 * tap costs no asynchronous step per chunk.
 */
export function tapChunks(
  ctx: RequestContext,
  chunks: AsyncIterable<ChatChunk>,
): AsyncIterable<ChatChunk> | BatchedChunks {
  const batches = chunkBatches(chunks);
  if (!batches) return tapEach(new StreamTap(ctx), chunks);
  return batchedChunks(() => tapBatches(new StreamTap(ctx), batches));
}

async function* tapEach(tap: StreamTap, chunks: AsyncIterable<ChatChunk>): AsyncGenerator<ChatChunk> {
  tap.begin();
  try {
    for await (const c of chunks) {
      const ended = tap.see(c);
      yield c;
      if (ended) return;
    }
    const last = tap.end();
    if (last) yield last;
  } catch (err) {
    const failed = tap.fail(err);
    if (failed) yield failed;
  } finally {
    tap.close();
  }
}

async function* tapBatches(tap: StreamTap, batches: AsyncIterable<ChatChunk[]>): AsyncGenerator<ChatChunk[]> {
  tap.begin();
  try {
    for await (const batch of batches) {
      const upTo = tap.seeAll(batch);
      yield upTo === batch.length ? batch : batch.slice(0, upTo);
      if (upTo < batch.length || tap.ended) return;
    }
    const last = tap.end();
    if (last) yield [last];
  } catch (err) {
    const failed = tap.fail(err);
    if (failed) yield [failed];
  } finally {
    tap.close();
  }
}

/** What the tap does with each chunk, the same for both forms of the stream. */
class StreamTap {
  private readonly generated = new GeneratedText();
  private reported = false;
  /** True once an `error` chunk went by: nothing after it is passed on. */
  ended = false;
  private readonly settle = () => {
    if (!this.reported) {
      const ctx = this.ctx;
      ctx.usage = estimateUsage(ctx.request, ctx.providerModel ?? ctx.model ?? "", this.generated.text());
    }
  };

  constructor(private readonly ctx: RequestContext) {}

  begin(): void {
    // why: on a client disconnect the log phase can run before this stream unwinds; the abort
    // event fires first, synchronously, so the estimate is on the context in time.
    this.ctx.abort.signal.addEventListener("abort", this.settle, { once: true });
  }

  /** Records one chunk; returns true when it ended the stream (an error). */
  see(c: ChatChunk): boolean {
    const ctx = this.ctx;
    if (ctx.marks.firstToken === undefined && c.type !== "start" && c.type !== "usage") {
      ctx.marks.firstToken = process.hrtime.bigint();
    }
    if (c.type === "usage") {
      ctx.usage = c.usage;
      this.reported = true;
    } else if (c.type === "error") {
      ctx.errorCode = c.error.code;
      this.ended = true;
    } else this.generated.addChunk(c);
    return this.ended;
  }

  /** Records a batch; returns how many of its chunks go on (up to and including an error). */
  seeAll(batch: ChatChunk[]): number {
    for (let i = 0; i < batch.length; i++) if (this.see(batch[i]!)) return i + 1;
    return batch.length;
  }

  /** The stream ended normally: the estimate as a last `usage` chunk when none was reported. */
  end(): ChatChunk | undefined {
    if (this.reported) return undefined;
    this.settle();
    return this.ctx.usage ? { type: "usage", usage: this.ctx.usage } : undefined;
  }

  /** The source threw: an `error` chunk, unless the client is gone anyway. */
  fail(err: unknown): ChatChunk | undefined {
    const ctx = this.ctx;
    if (ctx.abort.signal.aborted) return undefined;
    const error = transportError(err, ctx.provider ?? "upstream");
    ctx.errorCode = error.code;
    return { type: "error", error };
  }

  close(): void {
    this.ctx.abort.signal.removeEventListener("abort", this.settle);
    this.ctx.marks.upstreamEnd = process.hrtime.bigint();
    this.settle();
  }
}

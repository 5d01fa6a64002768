/**
 * Wraps a provider's chunk stream: records time to first token and usage on the context, and turns
 * a thrown failure (connection reset, idle timeout, bad frame) into a final `error` chunk so the
 * egress dialect can end the stream correctly (never a fake success terminator).
 */
import type { ChatChunk } from "../canonical/chunk.js";
import type { RequestContext } from "../pipeline/context.js";
import { transportError } from "../upstream/client.js";

export async function* tapChunks(
  ctx: RequestContext,
  chunks: AsyncIterable<ChatChunk>,
): AsyncGenerator<ChatChunk> {
  try {
    for await (const c of chunks) {
      if (ctx.marks.firstToken === undefined && c.type !== "start" && c.type !== "usage") {
        ctx.marks.firstToken = process.hrtime.bigint();
      }
      if (c.type === "usage") ctx.usage = c.usage;
      else if (c.type === "error") ctx.errorCode = c.error.code;
      yield c;
      if (c.type === "error") return;
    }
  } catch (err) {
    if (ctx.abort.signal.aborted) return;
    const error = transportError(err, ctx.provider ?? "upstream");
    ctx.errorCode = error.code;
    yield { type: "error", error };
  } finally {
    ctx.marks.upstreamEnd = process.hrtime.bigint();
  }
}

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
import type { RequestContext } from "../pipeline/context.js";
import { transportError } from "../upstream/client.js";
import { estimateUsage } from "../usage/estimate.js";
import { GeneratedText } from "../usage/generated-text.js";

export async function* tapChunks(
  ctx: RequestContext,
  chunks: AsyncIterable<ChatChunk>,
): AsyncGenerator<ChatChunk> {
  const generated = new GeneratedText();
  let reported = false;
  const settle = () => {
    if (!reported)
      ctx.usage = estimateUsage(ctx.request, ctx.providerModel ?? ctx.model ?? "", generated.text());
  };
  // why: on a client disconnect the log phase can run before this generator unwinds; the abort
  // event fires first, synchronously, so the estimate is on the context in time.
  ctx.abort.signal.addEventListener("abort", settle, { once: true });
  try {
    for await (const c of chunks) {
      if (ctx.marks.firstToken === undefined && c.type !== "start" && c.type !== "usage") {
        ctx.marks.firstToken = process.hrtime.bigint();
      }
      if (c.type === "usage") {
        ctx.usage = c.usage;
        reported = true;
      } else if (c.type === "error") ctx.errorCode = c.error.code;
      else generated.addChunk(c);
      yield c;
      if (c.type === "error") return;
    }
    if (!reported) {
      settle();
      if (ctx.usage) yield { type: "usage", usage: ctx.usage };
    }
  } catch (err) {
    if (ctx.abort.signal.aborted) return;
    const error = transportError(err, ctx.provider ?? "upstream");
    ctx.errorCode = error.code;
    yield { type: "error", error };
  } finally {
    ctx.abort.signal.removeEventListener("abort", settle);
    ctx.marks.upstreamEnd = process.hrtime.bigint();
    settle();
  }
}

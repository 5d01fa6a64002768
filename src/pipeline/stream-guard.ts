/**
 * A plugin's stream hook, guarded. The plugin reads the chunks through a view whose `return` does
 * not close the source, so when the plugin throws:
 * - fail open: the failure is reported and the rest of the source flows on without the plugin
 *   (chunks the plugin had taken but not yet passed on are lost; the plugin's README says so);
 * - fail closed: the stream ends with an `error` chunk, which the egress dialect renders as its
 *   error event (never a success terminator).
 * A failure of the source itself is not the plugin's: it propagates unchanged.
 */
import type { ChatChunk } from "../canonical/chunk.js";
import type { RequestContext } from "./context.js";
import type { Plugin } from "./plugin.js";
import { pluginFailed } from "./plugin-failed.js";

class SourceError {
  constructor(readonly cause: unknown) {}
}

export async function* guardStream(
  p: Plugin,
  ctx: RequestContext,
  source: AsyncIterable<ChatChunk>,
  report: (err: unknown) => void,
): AsyncGenerator<ChatChunk> {
  const it = source[Symbol.asyncIterator]();
  const view: AsyncIterable<ChatChunk> = {
    [Symbol.asyncIterator]: () => ({
      next: () =>
        it.next().catch((err: unknown) => {
          throw new SourceError(err);
        }),
      // why: a plugin that breaks out (or throws inside its loop) must not close the source, or a
      // fail-open plugin's failure would cut the stream.
      return: async () => ({ done: true, value: undefined }),
    }),
  };
  try {
    try {
      yield* p.stream!(ctx, view);
      return;
    } catch (err) {
      if (err instanceof SourceError) throw err.cause;
      report(err);
      if (p.failMode === "closed") {
        yield { type: "error", error: pluginFailed(p.name) };
        return;
      }
    }
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

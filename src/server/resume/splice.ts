/**
 * One client stream out of several upstream attempts (`stream_resume`, docs/routing.md
 * "Streams"). The first attempt's chunks pass through untouched while the partial answer is
 * tracked. When the attempt breaks (an error chunk, or its source throws) and the answer so far
 * can be continued, `resume` is asked for the next attempt's stream, sent the partial answer as
 * a prefill; its chunks go on in the same client stream: its `start` is dropped (the client keeps
 * the first id and model), text goes on in the same choice and content block, and usage chunks
 * carry the earlier attempts' usage added to its own. Otherwise the error chunk ends the stream,
 * as without `stream_resume`.
 */
import type { ChatRequest, Usage } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { type BatchedChunks, batchedChunks, chunkBatches } from "../../canonical/chunk-batches.js";
import type { GatewayError } from "../../canonical/errors.js";
import type { RequestContext } from "../../pipeline/context.js";
import { transportError } from "../../upstream/client.js";
import { estimateUsage, GeneratedText } from "../../usage/index.js";
import { toGatewayError } from "../respond.js";
import { PartialAnswer } from "./partial-answer.js";
import { type Prefill, prefillRequest } from "./prefill.js";

/** The next attempt's chunk stream for this prefill, or undefined when the plan has none. */
export type Resume = (
  prefill: Prefill,
  failure: GatewayError,
) => Promise<AsyncIterable<ChatChunk> | undefined>;

/** `first` (the attempt that reached the client), continued by `resume` when it breaks. */
export function resumableChunks(
  ctx: RequestContext,
  req: ChatRequest,
  first: AsyncIterable<ChatChunk>,
  resume: Resume,
): BatchedChunks {
  return batchedChunks(() => splice(ctx, req, first, resume));
}

/** How one attempt's stream went. */
interface AttemptRun {
  /** The last usage it reported (cumulative: the last one wins). */
  usage?: Usage;
  text: GeneratedText;
  failure?: GatewayError;
  /** What its source threw, when it did. */
  thrown?: unknown;
}

async function* splice(
  ctx: RequestContext,
  req: ChatRequest,
  first: AsyncIterable<ChatChunk>,
  resume: Resume,
): AsyncGenerator<ChatChunk[]> {
  const partial = new PartialAnswer(req);
  let source = first;
  let attemptReq = req;
  let before: Usage | undefined;
  let dropWhitespace = false;
  for (;;) {
    const model = ctx.providerModel ?? ctx.model ?? "";
    const run: AttemptRun = { text: new GeneratedText() };
    try {
      for await (const batch of batchesOf(source)) {
        const out: ChatChunk[] = [];
        for (const c of batch) {
          if (c.type === "error") {
            run.failure = c.error;
            break;
          }
          if (before && c.type === "start") continue;
          let chunk = c;
          if (c.type === "usage") {
            run.usage = c.usage;
            if (before) chunk = { type: "usage", usage: addUsage(before, c.usage) };
          } else if (dropWhitespace && c.type === "text-delta") {
            const text = c.text.trimStart();
            if (!text) continue;
            dropWhitespace = false;
            chunk = { ...c, text };
          }
          run.text.addChunk(chunk);
          partial.see(chunk);
          out.push(chunk);
        }
        if (out.length) yield out;
        if (run.failure) break;
      }
    } catch (err) {
      run.thrown = err;
      run.failure = transportError(err, ctx.provider ?? "upstream");
    }
    if (!run.failure) {
      // The stream ended normally; a continuation without usage of its own still counts all attempts.
      if (before && !run.usage)
        yield [{ type: "usage", usage: addUsage(before, spent(run, attemptReq, model)) }];
      return;
    }
    // A client that went away gets nothing more (the tap handles a throw as it always has).
    if (ctx.abort.signal.aborted) {
      if (run.thrown !== undefined) throw run.thrown;
      return;
    }
    const why = partial.why();
    if (why) {
      ctx.warnings.push(`stream_resume: not resumed, ${why}`);
      yield [{ type: "error", error: run.failure }];
      return;
    }
    const prefill = prefillRequest(req, partial.text(), model);
    const used = spent(run, attemptReq, model);
    let next: AsyncIterable<ChatChunk> | undefined;
    try {
      next = await resume(prefill, run.failure);
    } catch (err) {
      yield [{ type: "error", error: toGatewayError(err) }];
      return;
    }
    if (!next) {
      yield [{ type: "error", error: run.failure }];
      return;
    }
    ctx.resumed = true;
    before = before ? addUsage(before, used) : used;
    dropWhitespace = prefill.trimmed;
    attemptReq = prefill.request;
    source = next;
  }
}

function batchesOf(chunks: AsyncIterable<ChatChunk>): AsyncIterable<ChatChunk[]> {
  return (
    chunkBatches(chunks) ??
    (async function* () {
      for await (const c of chunks) yield [c];
    })()
  );
}

/**
 * What a broken attempt used: its reported usage, with output at least what it streamed (a cut
 * stream reports its input early and its output only at the end, if ever).
 */
function spent(run: AttemptRun, req: ChatRequest, model: string): Usage {
  const estimate = estimateUsage(req, model, run.text.text());
  if (!run.usage) return estimate;
  return { ...run.usage, output_tokens: Math.max(run.usage.output_tokens, estimate.output_tokens) };
}

/** Two attempts' usage together; estimated when either was. */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum = (x?: number, y?: number) =>
    x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0);
  const out: Usage = {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
  };
  const cached = sum(a.cached_tokens, b.cached_tokens);
  const written = sum(a.cache_write_tokens, b.cache_write_tokens);
  const reasoning = sum(a.reasoning_tokens, b.reasoning_tokens);
  if (cached !== undefined) out.cached_tokens = cached;
  if (written !== undefined) out.cache_write_tokens = written;
  if (reasoning !== undefined) out.reasoning_tokens = reasoning;
  if (a.source === "estimated" || b.source === "estimated") out.source = "estimated";
  return out;
}

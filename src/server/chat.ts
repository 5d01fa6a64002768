/**
 * Chat requests in either dialect, in the engine's order (src/pipeline/plugin.ts):
 * parse → access → rewrite → resolve the model → per attempt: upstream → send → response/stream →
 * write. The log phase runs from server.ts once the client has its last byte.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatRequest, ChatResponse } from "../canonical/chat.js";
import type { ChatChunk } from "../canonical/chunk.js";
import { batchedChunks, chunkBatches } from "../canonical/chunk-batches.js";
import { collectChunks, responseToChunks } from "../canonical/collect.js";
import { CONTRACT_FIELDS, contractFromHeaders } from "../dialects/contract.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";
import type { PassthroughCodec } from "../providers/types.js";
import { withFallback } from "../router/attempts.js";
import { resolveModel } from "../router/resolve.js";
import { applyRoute, factsOf, matchRoute } from "../router/routes.js";
import type { CompiledTarget } from "../runtime/serving.js";
import type { UpstreamResponse } from "../upstream/client.js";
import { estimateResponseUsage } from "../usage/index.js";
import { readJsonBody } from "./body.js";
import { afterFirstRead } from "./first-read.js";
import type { GatewayState } from "./gateway-state.js";
import { observeStart } from "./observe.js";
import {
  deliverPassthrough,
  deliverPassthroughJson,
  type PassthroughJson,
  type PassthroughKeeper,
  passthroughFor,
  readPassthroughJson,
} from "./passthrough.js";
import { attemptFailureLogger } from "./request-log.js";
import { baseHeaders, sendJson } from "./respond.js";
import { resumeOnPlan } from "./resume/continuation.js";
import { resumableChunks } from "./resume/splice.js";
import { resumeTrailers, withResumeTrailers } from "./resume/trailers.js";
import { sseHeaders, writeFrame } from "./stream-writer.js";
import { tapChunks } from "./tap.js";
import { codecContext, encodeChat, readUpstreamJson, sendUpstream } from "./upstream-call.js";

type Outcome =
  | { kind: "json"; res: ChatResponse }
  | { kind: "stream"; target: CompiledTarget; body: AsyncIterable<Uint8Array> }
  | { kind: "passthrough"; target: CompiledTarget; body: AsyncIterable<Uint8Array>; codec: PassthroughCodec }
  | { kind: "passthrough-json"; read: PassthroughJson };

/**
 * What a dialect with server-side state adds to the chat order (the Responses API's stored
 * conversations, src/server/responses/).
 */
export interface ChatHooks {
  /**
   * After access (the caller is known), before rewrite: may replace the request and the body the
   * passthrough path forwards (e.g. with a stored conversation prepended).
   */
  prepare(
    ctx: RequestContext,
    body: unknown,
    creq: ChatRequest,
  ): Promise<{ body: unknown; creq: ChatRequest }>;
  /** The response the client gets (after `response` hooks, or folded from its stream), before its last byte. */
  completed(ctx: RequestContext, creq: ChatRequest, res: ChatResponse): Promise<void>;
  /** The same for a passthrough answer: the provider's own response object, as JSON text. */
  completedRaw(ctx: RequestContext, creq: ChatRequest, body: string): Promise<void>;
  /** Picks the response object out of a passthrough stream's events. */
  keeper(ctx: RequestContext, creq: ChatRequest): PassthroughKeeper;
  /** Whether `completed` wants this request's response (a stream is then kept until it ends). */
  keeps(creq: ChatRequest): boolean;
}

export async function handleChat(
  gw: GatewayState,
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  dialect: ChatDialect,
  hooks?: ChatHooks,
): Promise<void> {
  let body = await readJsonBody(req, ctx.serving.snapshot.config.server.body_limit);
  const parsed = parse(dialect, body);
  if (parsed.req) ctx.pipeline = ctx.serving.pipelineFor(parsed.req.model);
  // why: access runs before a parse error is reported, so an unauthenticated client learns nothing
  // about the request format (401 first, as OpenAI and Anthropic answer).
  const access = await ctx.pipeline.access(ctx);
  if (access && "refuse" in access) throw access.refuse;
  if (!parsed.req) throw parsed.error;
  let creq0 = parsed.req;
  if (hooks) ({ body, creq: creq0 } = await hooks.prepare(ctx, body, creq0));
  accept(gw, ctx, creq0);
  if (access) return deliverAnswer(gw, ctx, res, dialect, creq0, access.answer, hooks);

  const rw = await ctx.pipeline.rewrite(ctx, creq0);
  if (rw.changed) accept(gw, ctx, rw.request);
  if (rw.verdict && "refuse" in rw.verdict) throw rw.verdict.refuse;
  if (rw.verdict) return deliverAnswer(gw, ctx, res, dialect, rw.request, rw.verdict.answer, hooks);

  const routed = routeRequest(ctx, rw.request, req.url ?? "");
  // A configured model the caller may not use stays refused even when a route would send the
  // request elsewhere; a name no model has (e.g. `auto`) is fine when a route matched it.
  if (!routed || ctx.serving.model(rw.request.model)) resolveModel(ctx, rw.request.model);
  const creq = routed ?? rw.request;
  const model = resolveModel(ctx, creq.model, routed !== undefined);
  // Reserve against every limit and budget before the first attempt (settled in the log phase);
  // true when it had to give the request the default output cap.
  const capped = gw.limits ? await gw.limits.admit(ctx, creq, model.targets) : false;
  const resumes = model.router.settings.streamResume === true;
  const outcome = await withFallback<Outcome>(
    ctx,
    model,
    async (target, limits) => {
      const attempt = await ctx.pipeline.upstream(ctx, creq, target);
      // Passthrough forwards the client's own bytes: only when nothing changed the request, and
      // not when a broken stream may be resumed (that splices chunks, not bytes).
      const pt =
        rw.changed || routed || attempt.changed || capped || (creq.stream && resumes)
          ? undefined
          : passthroughFor(ctx.pipeline, dialect, target);
      if (pt) {
        const upReq = await pt.encode(
          dialect.passthroughOp ?? "chat",
          passthroughBody(body, target),
          codecContext(ctx, target),
        );
        const upstream = await sendUpstream(gw, ctx, target, upReq, limits);
        if (!creq.stream)
          return { kind: "passthrough-json", read: await readPassthroughJson(ctx, dialect, upstream) };
        const first = await afterFirstRead(upstream.body, target.provider.name);
        return { kind: "passthrough", target, body: first, codec: pt };
      }
      dialect.refuseTranslation?.(attempt.request);
      const upstream = await sendUpstream(
        gw,
        ctx,
        target,
        await encodeChat(ctx, target, attempt.request),
        limits,
      );
      if (creq.stream)
        return { kind: "stream", target, body: await afterFirstRead(upstream.body, target.provider.name) };
      return { kind: "json", res: await decodeJson(ctx, target, upstream) };
    },
    attemptFailureLogger(gw.logger, ctx),
  );

  const keeps = hooks?.keeps(creq) ? hooks : undefined;
  if (outcome.kind === "passthrough-json") {
    await keeps?.completedRaw(ctx, creq, outcome.read.text);
    return deliverPassthroughJson(ctx, res, dialect, creq, outcome.read);
  }
  if (outcome.kind === "passthrough") {
    const keeper = keeps?.keeper(ctx, creq);
    return deliverPassthrough(ctx, res, dialect, creq, outcome.body, outcome.codec, keeper);
  }
  if (outcome.kind === "json") return deliverAnswer(gw, ctx, res, dialect, creq, outcome.res, hooks);
  const decoded = outcome.target.provider.chat.decodeStream(outcome.body, codecContext(ctx, outcome.target));
  const chunks = resumes
    ? resumableChunks(ctx, creq, decoded, resumeOnPlan(gw, ctx, model, dialect))
    : decoded;
  return streamChunks(ctx, res, dialect, creq, tapChunks(ctx, chunks), hooks, resumes);
}

/** The first policy route that matches sends the request to its model (with its set/cap). */
function routeRequest(ctx: RequestContext, creq: ChatRequest, url: string): ChatRequest | undefined {
  const routes = ctx.serving.snapshot.config.routes;
  if (!routes.length) return undefined;
  const route = matchRoute(routes, factsOf(ctx, creq, url.split("?")[0]!));
  if (!route) return undefined;
  ctx.route = route.name;
  return applyRoute(route, creq);
}

/**
 * The client's body for a passthrough attempt: the target's model, and the request contract taken
 * out of `metadata` — those fields are Tollgate's; Anthropic refuses unknown metadata keys and
 * OpenAI would store them (test/integration/contract.test.ts).
 */
function passthroughBody(body: unknown, target: CompiledTarget): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>), model: target.target.model };
  const meta = out.metadata;
  if (meta && typeof meta === "object" && !Array.isArray(meta)) {
    const kept = Object.fromEntries(Object.entries(meta).filter(([k]) => !isContractField(k)));
    if (Object.keys(kept).length) out.metadata = kept;
    else delete out.metadata;
  }
  return out;
}

const isContractField = (k: string): boolean => (CONTRACT_FIELDS as readonly string[]).includes(k);

function parse(
  dialect: ChatDialect,
  body: unknown,
): { req: ChatRequest; error?: never } | { req?: never; error: unknown } {
  try {
    return { req: dialect.parseChat(body) };
  } catch (error) {
    return { error };
  }
}

/** Puts the request (as parsed, or as rewritten) on the context, with its request contract. */
function accept(gw: GatewayState, ctx: RequestContext, creq: ChatRequest): void {
  const fromHeaders = contractFromHeaders(ctx.headers);
  if (fromHeaders) creq.metadata = { ...creq.metadata, ...fromHeaders };
  if (creq.metadata) ctx.contract = creq.metadata;
  ctx.model = creq.model;
  ctx.stream = creq.stream;
  ctx.request = creq;
  observeStart(gw, ctx);
}

async function decodeJson(
  ctx: RequestContext,
  target: CompiledTarget,
  upstream: UpstreamResponse,
): Promise<ChatResponse> {
  const json = await readUpstreamJson(ctx, target.provider.name, upstream);
  const out = target.provider.chat.decode(json, codecContext(ctx, target));
  ctx.usage = out.usage ?? estimateResponseUsage(ctx.request, target.target.model, out);
  out.usage ??= ctx.usage;
  return out;
}

async function deliverAnswer(
  gw: GatewayState,
  ctx: RequestContext,
  res: ServerResponse,
  dialect: ChatDialect,
  creq: ChatRequest,
  answer: ChatResponse,
  hooks?: ChatHooks,
): Promise<void> {
  if (creq.stream) return streamChunks(ctx, res, dialect, creq, tapChunks(ctx, iterate(answer)), hooks);
  const final = await ctx.pipeline.response(ctx, answer);
  if (hooks?.keeps(creq)) await hooks.completed(ctx, creq, final);
  if (gw.obs?.logPayloads) ctx.trace.response = final;
  ctx.status = 200;
  sendJson(res, 200, dialect.renderChat(final, creq), baseHeaders(ctx));
}

async function* iterate(answer: ChatResponse) {
  yield* responseToChunks(answer);
}

async function streamChunks(
  ctx: RequestContext,
  res: ServerResponse,
  dialect: ChatDialect,
  creq: ChatRequest,
  chunks: AsyncIterable<ChatChunk>,
  hooks?: ChatHooks,
  resumes = false,
): Promise<void> {
  ctx.status = 200;
  res.writeHead(200, sseHeaders(resumes ? withResumeTrailers(baseHeaders(ctx)) : baseHeaders(ctx)));
  // why: when the first frame is ready in this turn the headers go out in the same write as it;
  // otherwise after this turn, so a slow first token never holds them back (as in passthrough.ts).
  const flush = setImmediate(() => res.flushHeaders());
  const seen = ctx.pipeline.stream(ctx, chunks);
  const out = hooks?.keeps(creq) ? keepWhileStreaming(seen, (r) => hooks.completed(ctx, creq, r)) : seen;
  for await (const frame of dialect.renderStream(out, creq)) {
    clearImmediate(flush);
    const wait = writeFrame(res, frame);
    if (wait) await wait;
    if (res.destroyed) break;
  }
  clearImmediate(flush);
  if (resumes) res.addTrailers(resumeTrailers(ctx));
  res.end();
}

/**
 * Passes the chunks through (batches kept) and, once they ended without an error, hands their
 * fold to `done` before the renderer's closing events, so a stored response exists before the
 * client has the last byte.
 */
function keepWhileStreaming(
  chunks: AsyncIterable<ChatChunk>,
  done: (res: ChatResponse) => Promise<void>,
): AsyncIterable<ChatChunk> {
  const kept: ChatChunk[] = [];
  const finish = async () => {
    if (kept.some((c) => c.type === "error")) return;
    await done(await collectChunks(iterateAll(kept)));
  };
  const batches = chunkBatches(chunks);
  if (batches) {
    return batchedChunks(async function* () {
      for await (const batch of batches) {
        kept.push(...batch);
        yield batch;
      }
      await finish();
    });
  }
  return (async function* () {
    for await (const c of chunks) {
      kept.push(c);
      yield c;
    }
    await finish();
  })();
}

async function* iterateAll(chunks: ChatChunk[]) {
  yield* chunks;
}

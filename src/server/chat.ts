/**
 * Chat requests in either dialect, in the engine's order (src/pipeline/plugin.ts):
 * parse → access → rewrite → resolve the model → per attempt: upstream → send → response/stream →
 * write. The log phase runs from server.ts once the client has its last byte.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatRequest, ChatResponse } from "../canonical/chat.js";
import type { ChatChunk } from "../canonical/chunk.js";
import { responseToChunks } from "../canonical/collect.js";
import { CONTRACT_FIELDS, contractFromHeaders } from "../dialects/contract.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";
import type { PassthroughCodec } from "../providers/types.js";
import { withFallback } from "../router/attempts.js";
import { resolveModel } from "../router/resolve.js";
import type { CompiledTarget } from "../runtime/serving.js";
import type { UpstreamResponse } from "../upstream/client.js";
import { estimateResponseUsage } from "../usage/index.js";
import { readJsonBody } from "./body.js";
import type { GatewayState } from "./gateway-state.js";
import { observeStart } from "./observe.js";
import {
  deliverPassthrough,
  deliverPassthroughJson,
  type PassthroughJson,
  passthroughFor,
  readPassthroughJson,
} from "./passthrough.js";
import { attemptFailureLogger } from "./request-log.js";
import { baseHeaders, sendJson } from "./respond.js";
import { sseHeaders, writeFrame } from "./stream-writer.js";
import { tapChunks } from "./tap.js";
import { codecContext, encodeChat, readUpstreamJson, sendUpstream } from "./upstream-call.js";

type Outcome =
  | { kind: "json"; res: ChatResponse }
  | { kind: "stream"; target: CompiledTarget; upstream: UpstreamResponse }
  | { kind: "passthrough"; target: CompiledTarget; upstream: UpstreamResponse; codec: PassthroughCodec }
  | { kind: "passthrough-json"; read: PassthroughJson };

export async function handleChat(
  gw: GatewayState,
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  dialect: ChatDialect,
): Promise<void> {
  const body = await readJsonBody(req, ctx.serving.snapshot.config.server.body_limit);
  const parsed = parse(dialect, body);
  if (parsed.req) ctx.pipeline = ctx.serving.pipelineFor(parsed.req.model);
  // why: access runs before a parse error is reported, so an unauthenticated client learns nothing
  // about the request format (401 first, as OpenAI and Anthropic answer).
  const access = await ctx.pipeline.access(ctx);
  if (access && "refuse" in access) throw access.refuse;
  if (!parsed.req) throw parsed.error;
  accept(gw, ctx, parsed.req);
  if (access) return deliverAnswer(gw, ctx, res, dialect, parsed.req, access.answer);

  const rw = await ctx.pipeline.rewrite(ctx, parsed.req);
  const creq = rw.request;
  if (rw.changed) accept(gw, ctx, creq);
  if (rw.verdict && "refuse" in rw.verdict) throw rw.verdict.refuse;
  if (rw.verdict) return deliverAnswer(gw, ctx, res, dialect, creq, rw.verdict.answer);

  const model = resolveModel(ctx, creq.model);
  const outcome = await withFallback<Outcome>(
    ctx,
    model,
    async (target) => {
      const attempt = await ctx.pipeline.upstream(ctx, creq, target);
      // Passthrough forwards the client's own bytes: only when no plugin changed the request.
      const pt = rw.changed || attempt.changed ? undefined : passthroughFor(ctx.pipeline, dialect, target);
      if (pt) {
        const upReq = await pt.encode(
          dialect.passthroughOp ?? "chat",
          passthroughBody(body, target),
          codecContext(ctx, target),
        );
        const upstream = await sendUpstream(gw, ctx, target, upReq);
        if (!creq.stream)
          return { kind: "passthrough-json", read: await readPassthroughJson(ctx, dialect, upstream) };
        return { kind: "passthrough", target, upstream, codec: pt };
      }
      const upstream = await sendUpstream(gw, ctx, target, await encodeChat(ctx, target, attempt.request));
      if (creq.stream) return { kind: "stream", target, upstream };
      return { kind: "json", res: await decodeJson(ctx, target, upstream) };
    },
    attemptFailureLogger(gw.logger, ctx),
  );

  if (outcome.kind === "passthrough-json")
    return deliverPassthroughJson(ctx, res, dialect, creq, outcome.read);
  if (outcome.kind === "passthrough")
    return deliverPassthrough(ctx, res, dialect, creq, outcome.upstream, outcome.codec);
  if (outcome.kind === "json") return deliverAnswer(gw, ctx, res, dialect, creq, outcome.res);
  const chunks = outcome.target.provider.chat.decodeStream(
    outcome.upstream.body,
    codecContext(ctx, outcome.target),
  );
  return streamChunks(ctx, res, dialect, creq, tapChunks(ctx, chunks));
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
): Promise<void> {
  if (creq.stream) return streamChunks(ctx, res, dialect, creq, tapChunks(ctx, iterate(answer)));
  const final = await ctx.pipeline.response(ctx, answer);
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
): Promise<void> {
  ctx.status = 200;
  res.writeHead(200, sseHeaders(baseHeaders(ctx)));
  // why: when the first frame is ready in this turn the headers go out in the same write as it;
  // otherwise after this turn, so a slow first token never holds them back (as in passthrough.ts).
  const flush = setImmediate(() => res.flushHeaders());
  for await (const frame of dialect.renderStream(ctx.pipeline.stream(ctx, chunks), creq)) {
    clearImmediate(flush);
    const wait = writeFrame(res, frame);
    if (wait) await wait;
    if (res.destroyed) break;
  }
  clearImmediate(flush);
  res.end();
}

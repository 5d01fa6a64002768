/**
 * Chat requests in either dialect: parse → access/rewrite → resolve model → attempts with
 * fallback → deliver (JSON or stream, canonical or same-dialect passthrough).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatRequest, ChatResponse } from "../canonical/chat.js";
import { responseToChunks } from "../canonical/collect.js";
import type { CompiledTarget } from "../config/compile.js";
import { contractFromHeaders } from "../dialects/contract.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";
import type { PassthroughCodec } from "../providers/types.js";
import { withFallback } from "../router/attempts.js";
import { resolveModel } from "../router/resolve.js";
import type { UpstreamResponse } from "../upstream/client.js";
import { estimateResponseUsage } from "../usage/index.js";
import { readJsonBody } from "./body.js";
import type { GatewayState } from "./gateway-state.js";
import { observeStart, RESPONSE_PAYLOAD } from "./observe.js";
import { deliverPassthrough, passthroughFor } from "./passthrough.js";
import { baseHeaders, sendJson } from "./respond.js";
import { sseHeaders, writeFrame } from "./stream-writer.js";
import { tapChunks } from "./tap.js";
import { codecContext, encodeChat, readUpstreamJson, sendUpstream } from "./upstream-call.js";

type Outcome =
  | { kind: "json"; res: ChatResponse }
  | { kind: "stream"; target: CompiledTarget; upstream: UpstreamResponse }
  | { kind: "passthrough"; target: CompiledTarget; upstream: UpstreamResponse; codec: PassthroughCodec };

export async function handleChat(
  gw: GatewayState,
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  dialect: ChatDialect,
): Promise<void> {
  const body = await readJsonBody(req, ctx.snapshot.config.server.body_limit);
  const denied = await gw.pipeline.access(ctx);
  if (denied && "refuse" in denied) throw denied.refuse;
  const creq = dialect.parseChat(body);
  const fromHeaders = contractFromHeaders(ctx.headers);
  if (fromHeaders) creq.metadata = { ...creq.metadata, ...fromHeaders };
  if (creq.metadata) ctx.contract = creq.metadata;
  ctx.model = creq.model;
  ctx.stream = creq.stream;
  ctx.request = creq;
  observeStart(gw, ctx);
  const model = resolveModel(ctx, creq.model);
  const verdict = await gw.pipeline.rewrite(ctx, creq);
  if (verdict && "refuse" in verdict) throw verdict.refuse;
  if (verdict && "answer" in verdict) return deliverAnswer(gw, ctx, res, dialect, creq, verdict.answer);

  const outcome = await withFallback<Outcome>(ctx, model, async (target) => {
    await gw.pipeline.upstream(ctx, creq, target);
    const pt = passthroughFor(gw, dialect, target);
    if (pt) {
      const upReq = await pt.encode(
        "chat",
        { ...(body as object), model: target.target.model },
        codecContext(ctx, target),
      );
      return { kind: "passthrough", target, upstream: await sendUpstream(gw, ctx, target, upReq), codec: pt };
    }
    const upReq = await encodeChat(ctx, target, creq);
    const upstream = await sendUpstream(gw, ctx, target, upReq);
    if (creq.stream) return { kind: "stream", target, upstream };
    return { kind: "json", res: await decodeJson(ctx, target, upstream) };
  });

  if (outcome.kind === "passthrough")
    return deliverPassthrough(ctx, res, dialect, creq, outcome.upstream, outcome.codec);
  if (outcome.kind === "json") return deliverAnswer(gw, ctx, res, dialect, creq, outcome.res);
  const chunks = outcome.target.provider.chat.decodeStream(
    outcome.upstream.body,
    codecContext(ctx, outcome.target),
  );
  return streamChunks(gw, ctx, res, dialect, creq, tapChunks(ctx, chunks));
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
  if (creq.stream) return streamChunks(gw, ctx, res, dialect, creq, tapChunks(ctx, iterate(answer)));
  const final = await gw.pipeline.response(ctx, answer);
  if (gw.obs?.logPayloads) ctx.state.set(RESPONSE_PAYLOAD, final);
  ctx.status = 200;
  sendJson(res, 200, dialect.renderChat(final, creq), baseHeaders(ctx));
}

async function* iterate(answer: ChatResponse) {
  yield* responseToChunks(answer);
}

async function streamChunks(
  gw: GatewayState,
  ctx: RequestContext,
  res: ServerResponse,
  dialect: ChatDialect,
  creq: ChatRequest,
  chunks: AsyncIterable<import("../canonical/chunk.js").ChatChunk>,
): Promise<void> {
  ctx.status = 200;
  res.writeHead(200, sseHeaders(baseHeaders(ctx)));
  res.flushHeaders();
  for await (const frame of dialect.renderStream(gw.pipeline.stream(ctx, chunks), creq)) {
    const wait = writeFrame(res, frame);
    if (wait) await wait;
    if (res.destroyed) break;
  }
  res.end();
}

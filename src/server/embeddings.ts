/** `POST /v1/embeddings` (OpenAI dialect), through any provider with an embeddings codec. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { GatewayError } from "../canonical/errors.js";
import { contractFromHeaders } from "../dialects/contract.js";
import { parseOpenAIEmbeddings, renderOpenAIEmbeddings } from "../dialects/openai/index.js";
import type { RequestContext } from "../pipeline/context.js";
import { withFallback } from "../router/attempts.js";
import { resolveModel } from "../router/resolve.js";
import { readJsonBody } from "./body.js";
import type { GatewayState } from "./gateway-state.js";
import { observeStart } from "./observe.js";
import { baseHeaders, sendJson } from "./respond.js";
import { codecContext, readUpstreamJson, sendUpstream } from "./upstream-call.js";

export async function handleEmbeddings(
  gw: GatewayState,
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  observeStart(gw, ctx);
  const body = await readJsonBody(req, ctx.snapshot.config.server.body_limit);
  const denied = await gw.pipeline.access(ctx);
  if (denied && "refuse" in denied) throw denied.refuse;
  const ereq = parseOpenAIEmbeddings(body);
  const contract = contractFromHeaders(ctx.headers);
  if (contract || ereq.metadata) ctx.contract = { ...ereq.metadata, ...contract };
  ctx.model = ereq.model;
  const model = resolveModel(ctx, ereq.model);
  const out = await withFallback(ctx, model, async (target) => {
    const codec = target.provider.embeddings;
    if (!codec) {
      throw new GatewayError({
        status: 400,
        kind: "invalid_request",
        code: "unsupported_operation",
        param: "model",
        provider: target.provider.name,
        message: `Model '${ereq.model}' is served by provider '${target.provider.name}' (${target.provider.type}), which has no embeddings API.`,
      });
    }
    const cc = codecContext(ctx, target);
    const upReq = await codec.encode({ ...ereq, model: target.target.model }, cc);
    const upstream = await sendUpstream(gw, ctx, target, upReq);
    const json = await readUpstreamJson(ctx, target.provider.name, upstream);
    return codec.decode(json, cc);
  });
  ctx.usage = {
    input_tokens: out.usage.input_tokens,
    output_tokens: 0,
    source: out.usage.source ?? "provider",
  };
  ctx.status = 200;
  sendJson(res, 200, renderOpenAIEmbeddings(out, ereq.encoding_format), baseHeaders(ctx));
}

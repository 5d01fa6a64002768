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
import { attemptFailureLogger } from "./request-log.js";
import { baseHeaders, sendJson } from "./respond.js";
import { codecContext, readUpstreamJson, sendUpstream } from "./upstream-call.js";

export async function handleEmbeddings(
  gw: GatewayState,
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  observeStart(gw, ctx);
  const body = await readJsonBody(req, ctx.serving.snapshot.config.server.body_limit);
  const named = (body as { model?: unknown } | null)?.model;
  if (typeof named === "string") ctx.pipeline = ctx.serving.pipelineFor(named);
  const denied = await ctx.pipeline.access(ctx);
  if (denied && "refuse" in denied) throw denied.refuse;
  if (denied) throw notServedHere();
  const ereq = parseOpenAIEmbeddings(body);
  const contract = contractFromHeaders(ctx.headers);
  if (contract || ereq.metadata) ctx.contract = { ...ereq.metadata, ...contract };
  ctx.model = ereq.model;
  const model = resolveModel(ctx, ereq.model);
  // Reserve against every limit and budget before the first attempt (settled in the log phase).
  await gw.limits?.admitEmbeddings(ctx, ereq, model.targets);
  const out = await withFallback(
    ctx,
    model,
    async (target) => {
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
    },
    attemptFailureLogger(gw.logger, ctx),
  );
  ctx.usage = {
    input_tokens: out.usage.input_tokens,
    output_tokens: 0,
    source: out.usage.source ?? "provider",
  };
  ctx.status = 200;
  sendJson(res, 200, renderOpenAIEmbeddings(out, ereq.encoding_format), baseHeaders(ctx));
}

/** An access plugin answered with a chat response, which an embeddings client cannot use. */
function notServedHere(): GatewayError {
  return new GatewayError({
    status: 500,
    kind: "internal",
    code: "plugin_answer_unsupported",
    message: "A policy answered this embeddings request with a chat response; embeddings need a model call.",
  });
}

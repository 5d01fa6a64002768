/**
 * `POST /v1/messages/count_tokens` (Anthropic dialect): the provider's own count where it has one,
 * otherwise a tokenizer estimate, labelled in `x-tollgate-token-count` (`provider` or `estimate`,
 * with the tokenizer in `x-tollgate-token-count-method`). Runs the access phase only: counting
 * calls no model and is not billed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { GatewayError } from "../canonical/errors.js";
import { parseAnthropicCountTokens } from "../dialects/anthropic/count-tokens.js";
import type { RequestContext } from "../pipeline/context.js";
import { withFallback } from "../router/attempts.js";
import { resolveModel } from "../router/resolve.js";
import { estimateInputTokens, tokenizerFor } from "../usage/index.js";
import { readJsonBody } from "./body.js";
import type { GatewayState } from "./gateway-state.js";
import { observeStart } from "./observe.js";
import { attemptFailureLogger } from "./request-log.js";
import { baseHeaders, sendJson } from "./respond.js";
import { codecContext, readUpstreamJson, sendUpstream } from "./upstream-call.js";

interface Counted {
  tokens: number;
  /** `provider`, or the tokenizer an estimate used. */
  method: string;
}

export async function handleCountTokens(
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
  const parsed = parseAnthropicCountTokens(body);
  ctx.model = parsed.chat.model;
  const model = resolveModel(ctx, parsed.chat.model);
  const out = await withFallback<Counted>(
    ctx,
    model,
    async (target) => {
      const upstreamModel = target.target.model;
      const codec = target.provider.countTokens;
      const cc = codecContext(ctx, target);
      const chat = { ...parsed.chat, model: upstreamModel };
      const upReq = await codec?.encode(chat, { ...parsed.body, model: upstreamModel }, cc);
      if (!codec || !upReq) {
        const { count, method } = await tokenizerFor(upstreamModel);
        return { tokens: estimateInputTokens(parsed.chat, upstreamModel, count), method };
      }
      const upstream = await sendUpstream(gw, ctx, target, upReq);
      return {
        tokens: codec.decode(await readUpstreamJson(ctx, target.provider.name, upstream), cc),
        method: "provider",
      };
    },
    attemptFailureLogger(gw.logger, ctx),
  );
  ctx.status = 200;
  const label: Record<string, string> =
    out.method === "provider"
      ? { "x-tollgate-token-count": "provider" }
      : { "x-tollgate-token-count": "estimate", "x-tollgate-token-count-method": out.method };
  sendJson(res, 200, { input_tokens: out.tokens }, { ...baseHeaders(ctx), ...label });
}

/** An access plugin answered with a chat response, which a count client cannot use. */
function notServedHere(): GatewayError {
  return new GatewayError({
    status: 500,
    kind: "internal",
    code: "plugin_answer_unsupported",
    message: "A policy answered the token-count request with a chat response.",
  });
}

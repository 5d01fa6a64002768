/**
 * The next attempt of a broken stream (`stream_resume`): the rest of the model's plan, limited to
 * targets that continue a prefill (`Provider.supportsPrefill`) — any target when nothing but
 * whitespace had been sent, since that is a plain retry. Each attempt runs its `upstream` hooks,
 * is encoded through the codec (never passthrough: chunks are spliced) and waits for its first
 * read, so an attempt that fails at once is retried or falls back like a first attempt.
 */
import type { ChatChunk } from "../../canonical/chunk.js";
import type { ChatDialect } from "../../dialects/types.js";
import type { RequestContext } from "../../pipeline/context.js";
import { resumeAttempts } from "../../router/resume-attempts.js";
import type { BoundModel, CompiledTarget } from "../../runtime/serving.js";
import { afterFirstRead } from "../first-read.js";
import type { GatewayState } from "../gateway-state.js";
import { attemptFailureLogger } from "../request-log.js";
import { codecContext, encodeChat, sendUpstream } from "../upstream-call.js";
import type { Prefill } from "./prefill.js";
import type { Resume } from "./splice.js";

/** Whether `target` can go on from `prefill`. */
export function canContinue(target: CompiledTarget, prefill: Prefill): boolean {
  return !prefill.prefilled || (target.provider.supportsPrefill?.(target.target) ?? false);
}

export function resumeOnPlan(
  gw: GatewayState,
  ctx: RequestContext,
  model: BoundModel,
  dialect: ChatDialect,
): Resume {
  return (prefill, failure) =>
    resumeAttempts<AsyncIterable<ChatChunk>>(
      ctx,
      model,
      failure,
      (t) => canContinue(t, prefill),
      async (target, limits) => {
        const attempt = await ctx.pipeline.upstream(ctx, prefill.request, target);
        dialect.refuseTranslation?.(attempt.request);
        const upReq = await encodeChat(ctx, target, attempt.request);
        const upstream = await sendUpstream(gw, ctx, target, upReq, limits);
        const body = await afterFirstRead(upstream.body, target.provider.name);
        return target.provider.chat.decodeStream(body, codecContext(ctx, target));
      },
      attemptFailureLogger(gw.logger, ctx),
    );
}

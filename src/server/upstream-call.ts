/**
 * One attempt against one target: encode (canonical or passthrough), send, and turn an upstream
 * error status into the provider's decoded GatewayError (so the router can fall back).
 */
import type { ChatRequest } from "../canonical/chat.js";
import { GatewayError } from "../canonical/errors.js";
import type { RequestContext } from "../pipeline/context.js";
import type { CodecContext, UpstreamRequest } from "../providers/types.js";
import type { AttemptLimits } from "../router/attempts.js";
import type { CompiledTarget } from "../runtime/serving.js";
import { type Timeouts, transportError, type UpstreamResponse } from "../upstream/client.js";
import type { GatewayState } from "./gateway-state.js";
import { failAttempt, startAttempt } from "./observe.js";

/** Cap on how much of an upstream error body is read (HTML error pages can be large). */
export const ERROR_BODY_LIMIT = 64 * 1024;

export function codecContext(ctx: RequestContext, target: CompiledTarget): CodecContext {
  return {
    target: target.target,
    onUnsupported: target.onUnsupported,
    warn: (message) => {
      if (!ctx.warnings.includes(message)) ctx.warnings.push(message);
    },
  };
}

export async function sendUpstream(
  gw: GatewayState,
  ctx: RequestContext,
  target: CompiledTarget,
  upReq: UpstreamRequest,
  limits: AttemptLimits = {},
): Promise<UpstreamResponse> {
  const start = process.hrtime.bigint();
  ctx.marks.upstreamStart ??= start;
  if (ctx.marks.attemptStart !== undefined) ctx.upstreamNs += start - ctx.marks.attemptStart;
  ctx.marks.attemptStart = start;
  ctx.marks.upstreamEnd = undefined;
  startAttempt(gw, ctx, target, upReq);
  try {
    const res = await gw.upstream.send(
      target.provider.name,
      upReq,
      timeoutsFor(target, limits),
      ctx.abort.signal,
    );
    ctx.marks.upstreamHeaders = process.hrtime.bigint();
    if (res.status >= 400) {
      const text = await readCapped(res.body, ERROR_BODY_LIMIT);
      ctx.marks.upstreamEnd = process.hrtime.bigint();
      throw target.provider.decodeError(res.status, res.headers, target.scrub(text));
    }
    return res;
  } catch (err) {
    ctx.marks.upstreamEnd ??= process.hrtime.bigint();
    failAttempt(ctx, err);
    throw err;
  }
}

/** The target's timeouts, shortened so the attempt ends by the model's total deadline. */
function timeoutsFor(target: CompiledTarget, limits: AttemptLimits): Timeouts {
  const left = limits.remainingMs;
  if (left === undefined) return target.timeouts;
  const ms = Math.max(1, Math.ceil(left));
  return {
    ...target.timeouts,
    connect_ms: Math.min(target.timeouts.connect_ms, ms),
    first_byte_ms: Math.min(target.timeouts.first_byte_ms, ms),
  };
}

/** Reads at most `limit` bytes of a body as text; a body that breaks yields what arrived. */
export async function readCapped(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of body) {
      parts.push(Buffer.from(c));
      size += c.length;
      if (size >= limit) break;
    }
  } catch {
    // A broken error body still yields the status-based error.
  }
  return Buffer.concat(parts).toString("utf8").slice(0, limit);
}

/** Encodes the canonical request for a target, after the per-attempt plugin hooks. */
export async function encodeChat(
  ctx: RequestContext,
  target: CompiledTarget,
  req: ChatRequest,
): Promise<UpstreamRequest> {
  const attemptReq: ChatRequest = { ...req, ...target.params, model: target.target.model };
  if (target.maxTokens !== undefined && !(attemptReq.max_tokens! <= target.maxTokens))
    attemptReq.max_tokens = target.maxTokens;
  return target.provider.chat.encode(attemptReq, codecContext(ctx, target));
}

/**
 * Reads a whole upstream body. A body that dies mid-way (reset, idle timeout) is a transport
 * failure like any other — 502/504 naming the provider, so the router falls back — never a 500.
 */
export async function readUpstreamText(
  ctx: RequestContext,
  provider: string,
  upstream: UpstreamResponse,
): Promise<string> {
  try {
    return await upstream.body.text();
  } catch (err) {
    throw transportError(err, provider);
  } finally {
    ctx.marks.upstreamEnd = process.hrtime.bigint();
  }
}

/** Reads a whole upstream JSON body; a body that is not JSON is a 502 naming the provider. */
export async function readUpstreamJson(
  ctx: RequestContext,
  provider: string,
  upstream: UpstreamResponse,
): Promise<unknown> {
  const text = await readUpstreamText(ctx, provider, upstream);
  try {
    return JSON.parse(text);
  } catch {
    throw malformedResponse(provider);
  }
}

export function malformedResponse(provider: string | undefined): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_malformed_response",
    provider,
    message: `Provider '${provider}' returned a response that is not valid JSON.`,
  });
}

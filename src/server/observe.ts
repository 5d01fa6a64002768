/**
 * The glue between the request path and observability: in-flight metrics, the request and
 * attempt spans (with `traceparent` propagated upstream), and the usage record built from the
 * request context in the log phase. Everything here is cheap; sinks only enqueue.
 */
import type { ChatResponse } from "../canonical/chat.js";
import {
  endSpan,
  newUsageRecord,
  setResponseAttributes,
  timePerOutputToken,
  type UsageRecord,
} from "../observability/index.js";
import type { RequestContext } from "../pipeline/context.js";
import type { Target, UpstreamRequest } from "../providers/types.js";
import type { CompiledTarget } from "../runtime/serving.js";
import type { GatewayState } from "./gateway-state.js";

const ms = (ns: bigint): number => Math.round(Number(ns) / 1e3) / 1e3;

/** Counts the request as in flight once its stream flag is known. */
export function observeStart(gw: GatewayState, ctx: RequestContext): void {
  if (!gw.obs || ctx.trace.metricsStarted) return;
  ctx.trace.metricsStarted = true;
  gw.obs.metrics.onRequestStart(ctx.stream);
}

/** Opens the attempt span and propagates the trace context to the provider. */
export function startAttempt(
  gw: GatewayState,
  ctx: RequestContext,
  target: CompiledTarget,
  req: UpstreamRequest,
): void {
  if (!gw.obs || !ctx.trace.span) return;
  if (ctx.trace.attemptSpan) endSpan(ctx.trace.attemptSpan);
  const span = gw.obs.tracer.startAttemptSpan(ctx.trace.span, target.provider.name, target.target.model, {
    providerType: target.provider.type,
    operation: ctx.operation === "embeddings" ? "embeddings" : "chat",
    attempt: ctx.attempts,
  });
  ctx.trace.attemptSpan = span;
  gw.obs.tracer.injectTraceparent(span, req.headers);
}

export function failAttempt(ctx: RequestContext, err: unknown): void {
  if (!ctx.trace.attemptSpan) return;
  endSpan(ctx.trace.attemptSpan, err);
  ctx.trace.attemptSpan = undefined;
}

/**
 * The usage record of a finished request, priced (when a price table is known), with payloads when
 * payload logging is on. Built once, just before the last byte (server.ts, `beforeLastByte`) or in
 * the log phase when the response never ended; plugins' `log` hooks and the sinks share it.
 */
export function finishedRecord(gw: GatewayState, ctx: RequestContext): UsageRecord {
  if (ctx.trace.record) return ctx.trace.record;
  const span = ctx.trace.span;
  const record = buildRecord(ctx, gw.obs && span ? gw.obs.tracer.traceIdOf(span) : null);
  if (gw.obs) {
    record.cost_usd = gw.obs.pricing.costOfRecord(record, servedTarget(ctx));
    if (gw.obs.logPayloads) {
      record.request_payload = ctx.request ?? null;
      record.response_payload = (ctx.trace.response as ChatResponse | undefined) ?? null;
    }
  }
  ctx.trace.record = record;
  return record;
}

/** The configured target that served the request (its `price:` override prices the record). */
function servedTarget(ctx: RequestContext): Target | undefined {
  if (ctx.routed) return ctx.routed.target.target;
  if (!ctx.model || !ctx.provider) return undefined;
  const model = ctx.serving.model(ctx.model);
  return model?.targets.find((t) => t.provider.name === ctx.provider && t.target.model === ctx.providerModel)
    ?.target;
}

/** Ends the spans and hands the record to metrics and sinks, once per request. */
export function finishRequest(gw: GatewayState, ctx: RequestContext, record: UsageRecord): void {
  const obs = gw.obs;
  if (!obs || ctx.trace.recorded) return;
  ctx.trace.recorded = true;
  if (!ctx.trace.metricsStarted) observeStart(gw, ctx);
  const response = ctx.trace.response as ChatResponse | undefined;
  const info = {
    ...(response?.id ? { id: response.id } : {}),
    model: ctx.providerModel ?? null,
    usage: ctx.usage
      ? { input_tokens: ctx.usage.input_tokens, output_tokens: ctx.usage.output_tokens }
      : null,
  };
  const failed = ctx.errorCode ? new Error(ctx.errorCode) : undefined;
  if (ctx.trace.attemptSpan) {
    setResponseAttributes(ctx.trace.attemptSpan, info);
    endSpan(ctx.trace.attemptSpan, failed);
  }
  if (ctx.trace.span) {
    setResponseAttributes(ctx.trace.span, info);
    endSpan(ctx.trace.span, failed);
  }
  obs.finish(record);
}

export function buildRecord(ctx: RequestContext, traceId: string | null): UsageRecord {
  const end = ctx.marks.end ?? process.hrtime.bigint();
  const latency = ms(end - ctx.startedAt);
  const upstream = ctx.marks.upstreamStart !== undefined ? ms(upstreamNanos(ctx, end)) : null;
  const ttft = ctx.marks.firstToken !== undefined ? ms(ctx.marks.firstToken - ctx.startedAt) : null;
  const u = ctx.usage;
  const c = ctx.contract;
  return newUsageRecord({
    request_id: ctx.id,
    timestamp: new Date(ctx.arrivedAt).toISOString(),
    trace_id: traceId ?? c.trace_id ?? null,
    tenant: c.tenant ?? ctx.identity?.tenant ?? null,
    team: ctx.identity?.team ?? null,
    consumer: ctx.identity?.consumer ?? null,
    key: ctx.identity?.key ?? null,
    route: ctx.route ?? null,
    workflow: c.workflow ?? null,
    sensitivity: c.sensitivity ?? null,
    user: c.user ?? ctx.request?.user ?? null,
    model: ctx.model ?? null,
    provider: ctx.provider ?? null,
    provider_model: ctx.providerModel ?? null,
    stream: ctx.stream,
    status: ctx.status ?? 0,
    error_code: ctx.errorCode ?? null,
    attempts: ctx.attempts,
    fallback_used: ctx.fallbackUsed,
    target: ctx.target ?? null,
    failed_attempts: ctx.attemptFailures ?? null,
    resumed: ctx.resumed ?? false,
    input_tokens: u?.input_tokens ?? null,
    output_tokens: u?.output_tokens ?? null,
    cached_tokens: u?.cached_tokens ?? null,
    cache_write_tokens: u?.cache_write_tokens ?? null,
    reasoning_tokens: u?.reasoning_tokens ?? null,
    usage_source: u ? (u.source ?? "provider") : null,
    latency_ms: latency,
    upstream_latency_ms: upstream,
    gateway_overhead_ms:
      upstream !== null ? Math.max(0, Math.round((latency - upstream) * 1000) / 1000) : latency,
    ttft_ms: ttft,
    tpot_ms: timePerOutputToken(latency, ttft, u?.output_tokens ?? null),
    warnings: ctx.warnings,
  });
}

/** Time spent on upstream calls: failed attempts plus the last attempt up to its last byte. */
export function upstreamNanos(ctx: RequestContext, end: bigint): bigint {
  const start = ctx.marks.attemptStart;
  if (start === undefined) return ctx.upstreamNs;
  return ctx.upstreamNs + ((ctx.marks.upstreamEnd ?? end) - start);
}

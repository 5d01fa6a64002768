/**
 * The request log: one structured JSON line per request (pino), written after the client has its
 * bytes. Never a secret: the key's name, not the key.
 */
import type { Logger } from "pino";
import type { GatewayError } from "../canonical/errors.js";
import type { RequestContext } from "../pipeline/context.js";
import type { AttemptFailed } from "../router/attempts.js";
import { upstreamNanos } from "./observe.js";

const ms = (ns: bigint): number => Math.round(Number(ns) / 1e4) / 100;

export function logRequest(logger: Logger, ctx: RequestContext): void {
  const end = ctx.marks.end ?? process.hrtime.bigint();
  const status = ctx.status ?? 0;
  // Rate limits and upstream failures are what an operator looks for; a client's 4xx is not.
  const level = status >= 500 || status === 429 || ctx.errorCode === "server_shutting_down" ? "warn" : "info";
  logger[level](
    {
      request_id: ctx.id,
      key: ctx.identity?.key ?? null,
      dialect: ctx.dialect,
      operation: ctx.operation,
      model: ctx.model ?? null,
      provider: ctx.provider ?? null,
      provider_model: ctx.providerModel ?? null,
      stream: ctx.stream,
      status: ctx.status ?? null,
      error_code: ctx.errorCode ?? null,
      attempts: ctx.attempts,
      latency_ms: ms(end - ctx.startedAt),
      upstream_latency_ms: ctx.marks.attemptStart !== undefined ? ms(upstreamNanos(ctx, end)) : null,
      ttft_ms: ctx.marks.firstToken !== undefined ? ms(ctx.marks.firstToken - ctx.startedAt) : null,
      input_tokens: ctx.usage?.input_tokens ?? null,
      output_tokens: ctx.usage?.output_tokens ?? null,
      ...(ctx.warnings.length ? { warnings: ctx.warnings } : {}),
    },
    "request",
  );
}

/** Logs each failed upstream attempt (the request line only shows the last one). */
export function attemptFailureLogger(logger: Logger, ctx: RequestContext): AttemptFailed {
  return (target, err, next) => {
    const e = err as Partial<GatewayError>;
    logger.warn(
      {
        request_id: ctx.id,
        provider: target.provider.name,
        provider_model: target.target.model,
        attempt: ctx.attempts,
        status: e.status ?? null,
        error_code: e.code ?? null,
        falling_back: next,
      },
      next ? "upstream attempt failed; trying the next target" : "upstream attempt failed",
    );
  };
}

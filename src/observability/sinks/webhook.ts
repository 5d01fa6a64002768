/**
 * Webhook sink: POSTs JSON arrays of records (`[record, …]`) in batches.
 *
 * - `write` only appends to a bounded queue. When the queue is full the OLDEST record is
 *   dropped and counted (`stats().dropped`): after an outage, the newest records are the ones
 *   operators look for, and a stuck head of the queue must not starve them.
 * - One batch in flight at a time; a failed batch is retried with exponential backoff and
 *   jitter (network errors, 408, 429, 5xx), up to `max_attempts`; other 4xx fail at once.
 * - Header values (often credentials) are never logged.
 */
import { Agent, request } from "undici";
import type { ObservabilityLogger, WebhookSinkConfig } from "../config.js";
import type { UsageRecord } from "../record.js";
import { type BatcherOptions, BatchingSink, type BatchTransport } from "./batcher.js";
import { toJsonObject } from "./serialize.js";

/** A non-2xx answer from the webhook. */
export class WebhookStatusError extends Error {
  constructor(readonly status: number) {
    super(`webhook answered HTTP ${status}`);
  }
}

/** Retry network failures, 408, 429 and 5xx; not other 4xx (the batch itself is refused). */
export function isRetryableWebhookError(error: unknown): boolean {
  if (!(error instanceof WebhookStatusError)) return true;
  return error.status === 408 || error.status === 429 || error.status >= 500;
}

/** The HTTP transport on its own connection pool (closed with the sink). */
export function webhookTransport(
  config: Pick<WebhookSinkConfig, "url" | "headers" | "timeout_ms">,
): BatchTransport {
  const agent = new Agent({
    connections: 2,
    headersTimeout: config.timeout_ms,
    bodyTimeout: config.timeout_ms,
  });
  const headers = { ...config.headers, "content-type": "application/json" };
  return {
    async send(batch: UsageRecord[], signal: AbortSignal) {
      const body = JSON.stringify(batch.map(toJsonObject));
      const res = await request(config.url, { method: "POST", headers, body, signal, dispatcher: agent });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode >= 300) throw new WebhookStatusError(res.statusCode);
    },
    retryable: isRetryableWebhookError,
    async close() {
      await agent.destroy();
    },
  };
}

/** A webhook sink from its config section. */
export function createWebhookSink(
  config: WebhookSinkConfig,
  logger: ObservabilityLogger,
  overrides: Partial<BatcherOptions> = {},
): BatchingSink {
  const opts: BatcherOptions = {
    batchSize: config.batch_size,
    flushMs: config.flush_ms,
    maxQueue: config.max_queue,
    maxAttempts: config.max_attempts,
    ...overrides,
  };
  return new BatchingSink("webhook", webhookTransport(config), opts, logger);
}

/**
 * The observability library: usage records and their sinks, cost, Prometheus metrics and
 * OpenTelemetry tracing, built from the `observability` config section.
 */
import type { ObservabilityConfig, ObservabilityLogger } from "./config.js";
import { PriceTable } from "./cost.js";
import type { KnownLabels } from "./labels.js";
import { GatewayMetrics } from "./metrics.js";
import type { UsageRecord } from "./record.js";
import { createDatabaseSink } from "./sinks/database.js";
import { RecordSinks } from "./sinks/fanout.js";
import { fileJsonlSink, stdoutJsonlSink } from "./sinks/jsonl.js";
import type { RecordSink } from "./sinks/types.js";
import { createWebhookSink } from "./sinks/webhook.js";
import { createTracing, type Tracing } from "./tracing.js";

export * from "./config.js";
export * from "./cost.js";
export * from "./genai.js";
export type { KnownLabels } from "./labels.js";
export { beforeLastByte } from "./last-byte.js";
export * from "./metrics.js";
export * from "./record.js";
export { BoundedQueue } from "./sinks/bounded-queue.js";
export { RecordSinks } from "./sinks/fanout.js";
export type { RecordSink, SinkStats } from "./sinks/types.js";
export * from "./tracing.js";

/** Everything the request path needs from observability. */
export interface Observability {
  sinks: RecordSinks;
  metrics: GatewayMetrics;
  tracer: Tracing;
  pricing: PriceTable;
  /** Whether records should carry payloads (the sinks null them out otherwise anyway). */
  logPayloads: boolean;
  /**
   * The log-phase entry point: fills `cost_usd` when the caller left it null, updates metrics and
   * hands the record to every sink. Cheap and synchronous; never throws.
   */
  finish(record: UsageRecord): void;
  /** Flushes sinks and spans, then closes them. */
  close(): Promise<void>;
}

/**
 * Builds the sinks, metrics and tracer from a parsed `observability` config (parse it with
 * `observabilityConfigSchema` first). Throws only on a SQLite path or a spool directory that
 * cannot be opened (so a bad path fails at startup).
 */
export function createObservability(
  config: ObservabilityConfig,
  logger: ObservabilityLogger,
  known: KnownLabels = {},
): Observability {
  const list: RecordSink[] = [];
  if (config.log?.stdout) list.push(stdoutJsonlSink(logger));
  if (config.log?.file) list.push(fileJsonlSink(config.log.file, logger));
  if (config.database) list.push(createDatabaseSink(config.database, logger));
  if (config.webhook) list.push(createWebhookSink(config.webhook, logger));
  const sinks = new RecordSinks(list, config.log_payloads);
  const metrics = new GatewayMetrics(config.metrics, known);
  metrics.trackSinks(() => sinks.stats());
  const tracer = createTracing(config.tracing);
  const pricing = new PriceTable(config.pricing);
  return {
    sinks,
    metrics,
    tracer,
    pricing,
    logPayloads: config.log_payloads,
    finish(record) {
      try {
        if (record.cost_usd === null) record.cost_usd = pricing.costOfRecord(record);
        metrics.onRequestEnd(record);
      } catch (error) {
        logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          "metrics update failed",
        );
      }
      sinks.write(record);
    },
    async close() {
      await Promise.allSettled([sinks.close(), tracer.close()]);
    },
  };
}

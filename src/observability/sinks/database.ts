/**
 * Database sink: batched inserts into a `usage_records` table in SQLite or PostgreSQL,
 * chosen by the URL scheme. Both share the table definition (columns.ts) and BatchingSink.
 */
import type { DatabaseSinkConfig, ObservabilityLogger } from "../config.js";
import { type BatcherOptions, BatchingSink, describe } from "./batcher.js";
import { postgresTransport } from "./postgres.js";
import { sqliteTransport } from "./sqlite.js";

/** `sqlite:///abs/path.db` → `/abs/path.db`; `sqlite://rel.db` → `rel.db`; `sqlite://:memory:`. */
export function sqlitePathOf(url: string): string {
  return url.slice("sqlite://".length);
}

/** A database sink for `config.url`. Throws at startup on a SQLite path that cannot be opened. */
export function createDatabaseSink(
  config: Pick<DatabaseSinkConfig, "url" | "table" | "batch_size" | "flush_ms" | "max_queue">,
  logger: ObservabilityLogger,
  overrides: Partial<BatcherOptions> = {},
): BatchingSink {
  const opts: BatcherOptions = {
    batchSize: config.batch_size,
    flushMs: config.flush_ms,
    maxQueue: config.max_queue,
    maxAttempts: 5,
    ...overrides,
  };
  if (config.url.startsWith("sqlite://")) {
    return new BatchingSink("sqlite", sqliteTransport(sqlitePathOf(config.url), config.table), opts, logger);
  }
  const onIdle = (e: Error) => logger.warn({ sink: "postgres", err: describe(e) }, "postgres pool error");
  return new BatchingSink("postgres", postgresTransport(config.url, config.table, onIdle), opts, logger);
}

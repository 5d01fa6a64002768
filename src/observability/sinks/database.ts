/**
 * Database sink: batched inserts into a `usage_records` table in SQLite or PostgreSQL,
 * chosen by the URL scheme. Both share the table definition (columns.ts), BatchingSink and
 * the write-ahead spool (spool.ts) that makes a record survive the process dying.
 */
import type { DatabaseSinkConfig, ObservabilityLogger } from "../config.js";
import { type BatcherOptions, BatchingSink, describe } from "./batcher.js";
import { postgresTransport } from "./postgres.js";
import { Spool } from "./spool.js";
import { sqliteTransport } from "./sqlite.js";

/** `sqlite:///abs/path.db` → `/abs/path.db`; `sqlite://rel.db` → `rel.db`; `sqlite://:memory:`. */
export function sqlitePathOf(url: string): string {
  return url.slice("sqlite://".length);
}

type SinkConfig = Pick<DatabaseSinkConfig, "url" | "table" | "batch_size" | "flush_ms" | "max_queue"> &
  Partial<Pick<DatabaseSinkConfig, "spool">>;

/** The spool directory for a config, or null for none (see `databaseSinkConfigSchema.spool`). */
export function spoolDirOf(config: SinkConfig): string | null {
  if (config.spool === false) return null;
  if (config.spool !== undefined) return config.spool;
  if (!config.url.startsWith("sqlite://")) return `${config.table}.spool`;
  const path = sqlitePathOf(config.url);
  return path === ":memory:" || path === "" ? null : `${path}.spool`;
}

/**
 * A database sink for `config.url`. Throws at startup on a SQLite path or a spool directory
 * that cannot be opened. Records a previous process spooled are queued first.
 */
export function createDatabaseSink(
  config: SinkConfig,
  logger: ObservabilityLogger,
  overrides: Partial<BatcherOptions> = {},
): BatchingSink {
  const name = config.url.startsWith("sqlite://") ? "sqlite" : "postgres";
  const transport =
    name === "sqlite"
      ? sqliteTransport(sqlitePathOf(config.url), config.table)
      : postgresTransport(config.url, config.table, (e: Error) =>
          logger.warn({ sink: "postgres", err: describe(e) }, "postgres pool error"),
        );
  const opts: BatcherOptions = {
    batchSize: config.batch_size,
    flushMs: config.flush_ms,
    maxQueue: config.max_queue,
    maxAttempts: 5,
    ...overrides,
  };
  const dir = spoolDirOf(config);
  if (dir !== null) {
    const { spool, replay } = Spool.open(dir, logger);
    opts.journal = spool;
    opts.replay = replay.records;
    if (replay.records.length > 0 || replay.unreadable > 0) {
      logger.warn(
        { sink: name, records: replay.records.length, unreadable: replay.unreadable, spool: dir },
        "replaying usage records a previous process spooled but did not store",
      );
    }
  }
  return new BatchingSink(name, transport, opts, logger);
}

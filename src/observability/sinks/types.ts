/** The one interface every usage-record sink implements. */
import type { UsageRecord } from "../record.js";

/** Counts since the sink was created. */
export interface SinkStats {
  /** Records delivered (written to the stream, committed, or accepted by the webhook). */
  written: number;
  /** Records discarded without an attempt: queue full, or written after close. */
  dropped: number;
  /** Records whose delivery was attempted and gave up (retries exhausted, insert failed). */
  failed: number;
}

/** A destination for usage records. */
export interface RecordSink {
  /** A short name for logs and stats (`jsonl`, `sqlite`, `postgres`, `webhook`). */
  readonly name: string;
  /**
   * Enqueue a record. Never throws and never waits; does no I/O on the caller's stack except
   * the database sinks' one spool `write(2)`, which makes the record survive the process dying.
   * The sink owns the record afterwards: do not mutate it.
   */
  write(record: UsageRecord): void;
  /** Resolves when every record written so far is delivered or given up on. */
  flush(): Promise<void>;
  /** Flushes (bounded in time), then releases files, pools and timers. Later writes are dropped. */
  close(): Promise<void>;
  stats(): SinkStats;
}

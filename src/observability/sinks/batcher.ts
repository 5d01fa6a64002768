/**
 * The machinery shared by the database and webhook sinks: a bounded queue that `write` only
 * appends to, a timer/size trigger that sends batches off the caller's stack, one batch in
 * flight at a time, and retries with exponential backoff and jitter.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ObservabilityLogger } from "../config.js";
import type { UsageRecord } from "../record.js";
import { BoundedQueue } from "./bounded-queue.js";
import type { RecordSink, SinkStats } from "./types.js";

/** Where batches go. `send` throws to report failure. */
export interface BatchTransport {
  send(batch: UsageRecord[], signal: AbortSignal): Promise<void>;
  /** Whether a failure is worth retrying (default: yes). */
  retryable?(error: unknown): boolean;
  /** Releases connections and files. */
  close?(): Promise<void>;
}

/**
 * Where records are made durable before they are queued (the database sinks' spool), and
 * told when the destination has confirmed them.
 */
export interface RecordJournal {
  /** Synchronous: when it returns, the record survives the process dying. */
  append(record: UsageRecord): void;
  /** The destination confirmed these records. */
  release(records: readonly UsageRecord[]): void;
  close(): void;
}

export interface BatcherOptions {
  batchSize: number;
  flushMs: number;
  maxQueue: number;
  /** Attempts per batch, first included. */
  maxAttempts: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long `close` waits for queued records before giving up on them. */
  closeTimeoutMs?: number;
  /** Injectable for tests; defaults to Math.random. */
  random?: () => number;
  /** Appended to before each record is queued; released once a batch is delivered. */
  journal?: RecordJournal;
  /** Records a previous process journaled but never delivered: queued first. */
  replay?: readonly UsageRecord[];
}

/** Backoff before attempt `attempt + 1`: exponential, capped, with "equal jitter" (never zero). */
export function backoffMs(attempt: number, base: number, cap: number, random: () => number): number {
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A RecordSink that batches into a BatchTransport. */
export class BatchingSink implements RecordSink {
  private readonly queue: BoundedQueue<UsageRecord>;
  private readonly counts: SinkStats = { written: 0, dropped: 0, failed: 0 };
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private closed = false;
  private dropWarned = false;

  constructor(
    readonly name: string,
    private readonly transport: BatchTransport,
    private readonly opts: BatcherOptions,
    private readonly logger: ObservabilityLogger,
  ) {
    this.queue = new BoundedQueue(opts.maxQueue);
    for (const record of opts.replay ?? []) if (this.queue.push(record)) this.onDrop();
    if (this.queue.length > 0) setImmediate(this.kick);
  }

  write(record: UsageRecord): void {
    if (this.closed) {
      this.counts.dropped++;
      return;
    }
    this.opts.journal?.append(record);
    if (this.queue.push(record)) this.onDrop();
    if (this.draining) return;
    if (this.queue.length >= this.opts.batchSize) {
      this.clearTimer();
      setImmediate(this.kick);
    } else if (!this.timer) {
      this.timer = setTimeout(this.kick, this.opts.flushMs);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    this.clearTimer();
    while ((this.queue.length > 0 && !this.abort.signal.aborted) || this.draining) {
      this.kick();
      await this.draining;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const timeout = this.opts.closeTimeoutMs ?? 5000;
    const deadline = sleep(timeout, "timeout", { ref: false });
    if ((await Promise.race([this.flush().then(() => "done"), deadline])) === "timeout") {
      this.abort.abort();
      await this.draining;
      const left = this.queue.clear();
      this.counts.dropped += left;
      this.logger.warn({ sink: this.name, records: left }, "usage records dropped at close");
    }
    this.clearTimer();
    await this.transport.close?.();
    this.opts.journal?.close();
  }

  stats(): SinkStats {
    return { ...this.counts };
  }

  private readonly kick = (): void => {
    this.timer = null;
    if (!this.draining && this.queue.length > 0) this.draining = this.drain();
  };

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.abort.signal.aborted) {
        await this.deliver(this.queue.take(this.opts.batchSize));
      }
    } finally {
      this.draining = null;
      this.dropWarned = false;
    }
  }

  private async deliver(batch: UsageRecord[]): Promise<void> {
    const { maxAttempts, baseBackoffMs = 200, maxBackoffMs = 30_000, random = Math.random } = this.opts;
    const signal = this.abort.signal;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transport.send(batch, signal);
        this.counts.written += batch.length;
        this.opts.journal?.release(batch);
        return;
      } catch (error) {
        // why: a TypeError is JSON.stringify refusing a record (a cycle, a BigInt) or a bug; retrying won't help.
        const retry = !(error instanceof TypeError) && (this.transport.retryable?.(error) ?? true);
        if (!retry || attempt >= maxAttempts || signal.aborted) {
          this.counts.failed += batch.length;
          this.logger.warn(
            { sink: this.name, records: batch.length, attempts: attempt, err: describe(error) },
            "usage records not delivered",
          );
          return;
        }
        const wait = backoffMs(attempt, baseBackoffMs, maxBackoffMs, random);
        await sleep(wait, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private onDrop(): void {
    this.counts.dropped++;
    if (this.dropWarned) return;
    this.dropWarned = true;
    this.logger.warn(
      { sink: this.name, max_queue: this.opts.maxQueue },
      "usage record queue full; dropping oldest",
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** An error's message without its stack (a stack could carry a connection string). */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

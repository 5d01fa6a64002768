/**
 * Writes usage-ledger rows to the RecordStore in batches, off the request path: `push` only
 * queues. While the records database is down rows stay queued (bounded; the oldest are dropped
 * past `max_queued`, logged) and are written when it answers again. `request_id` is unique in the
 * ledger, so a batch retried after a timeout that did land adds nothing twice.
 */
import type { Logger } from "pino";
import type { LedgerRow, RecordStore } from "../state/types.js";

export interface LedgerOptions {
  batchSize: number;
  flushMs: number;
  maxQueued: number;
}

export class LedgerWriter {
  #queue: LedgerRow[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #failures = 0;
  dropped = 0;

  constructor(
    private readonly records: () => Promise<RecordStore>,
    private readonly opts: LedgerOptions,
    private readonly logger: Logger,
  ) {}

  get queued(): number {
    return this.#queue.length;
  }

  push(row: LedgerRow): void {
    this.#queue.push(row);
    if (this.#queue.length > this.opts.maxQueued) {
      const drop = this.#queue.length - this.opts.maxQueued;
      this.#queue.splice(0, drop);
      this.dropped += drop;
      this.logger.error({ dropped: drop }, "usage ledger queue full: oldest rows dropped");
    }
    if (this.#queue.length >= this.opts.batchSize && !this.#writing) this.#kick(0);
    else this.#schedule(this.opts.flushMs);
  }

  /** Writes everything queued (shutdown); gives up after `deadlineMs` if the database stays down. */
  async flush(deadlineMs = 5000): Promise<void> {
    const until = Date.now() + deadlineMs;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while ((this.#queue.length || this.#writing) && Date.now() < until) {
      if (this.#writing) await this.#writing;
      else if (!(await this.#write())) await new Promise((r) => setTimeout(r, 100));
    }
    if (this.#queue.length)
      this.logger.error({ rows: this.#queue.length }, "usage ledger rows not written at shutdown");
  }

  #schedule(ms: number): void {
    if (this.#timer || this.#writing) return;
    this.#timer = setTimeout(() => this.#kick(0), ms);
    this.#timer.unref();
  }

  #kick(_ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#writing) return;
    this.#writing = this.#write().then((ok) => {
      this.#writing = undefined;
      if (!this.#queue.length) return;
      // why: back off while the database is down (up to 10 s), at once while it keeps up.
      this.#schedule(ok ? 0 : Math.min(10_000, 100 * 2 ** Math.min(this.#failures, 7)));
    });
  }

  /** One batch; true when it was written. */
  async #write(): Promise<boolean> {
    const batch = this.#queue.slice(0, this.opts.batchSize);
    if (!batch.length) return true;
    try {
      const store = await this.records();
      await store.append(batch);
      this.#queue.splice(0, batch.length);
      if (this.#failures) this.logger.info({ queued: this.#queue.length }, "usage ledger writes resumed");
      this.#failures = 0;
      return true;
    } catch (err) {
      if (this.#failures++ === 0)
        this.logger.warn(
          { err: (err as Error).message, queued: this.#queue.length },
          "usage ledger write failed; rows stay queued",
        );
      return false;
    }
  }
}

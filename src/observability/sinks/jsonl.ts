/**
 * JSON-lines sink: one record per line to standard output or an appended file.
 * `write` only queues; records are serialized and written once per event-loop turn
 * (setImmediate), as one string, so the request's own stack never serializes or does I/O.
 * A file goes through fs.WriteStream (libuv thread pool, asynchronous). Standard output is
 * process.stdout: on Linux, writes to a pipe or file are synchronous kernel writes (the same
 * as pino's default destination); they happen once per turn, off the request's stack.
 */
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { ObservabilityLogger } from "../config.js";
import type { UsageRecord } from "../record.js";
import { describe } from "./batcher.js";
import { toJsonLine } from "./serialize.js";
import type { RecordSink, SinkStats } from "./types.js";

export interface JsonlSinkOptions {
  /** Where the lines go. */
  stream: Writable;
  /** Whether `close` ends the stream (true for a file, false for stdout). */
  ownsStream: boolean;
  name?: string;
  /** Records waiting for the next turn beyond this are dropped. */
  maxPending?: number;
  /** Bytes buffered in the stream beyond which new batches are dropped (a stuck destination). */
  maxBufferedBytes?: number;
}

/** A sink writing JSON lines to a Writable. */
export class JsonlSink implements RecordSink {
  readonly name: string;
  private pending: UsageRecord[] = [];
  private scheduled = false;
  private closed = false;
  private lastWrite: Promise<void> = Promise.resolve();
  private readonly counts: SinkStats = { written: 0, dropped: 0, failed: 0 };
  private readonly maxPending: number;
  private readonly maxBuffered: number;

  constructor(
    private readonly opts: JsonlSinkOptions,
    private readonly logger: ObservabilityLogger,
  ) {
    this.name = opts.name ?? "jsonl";
    this.maxPending = opts.maxPending ?? 10_000;
    this.maxBuffered = opts.maxBufferedBytes ?? 16 * 1024 * 1024;
    opts.stream.on("error", (error) => {
      this.logger.warn({ sink: this.name, err: describe(error) }, "usage record log stream failed");
    });
  }

  write(record: UsageRecord): void {
    if (this.closed || this.pending.length >= this.maxPending) {
      this.counts.dropped++;
      return;
    }
    this.pending.push(record);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  async flush(): Promise<void> {
    this.drain();
    await this.lastWrite;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (!this.opts.ownsStream) return;
    const stream = this.opts.stream;
    await new Promise<void>((resolve) => {
      if (stream.destroyed || stream.writableFinished) return resolve();
      stream.once("error", () => resolve());
      stream.end(() => resolve());
    });
  }

  stats(): SinkStats {
    return { ...this.counts };
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const stream = this.opts.stream;
    if (stream.destroyed || stream.writableLength > this.maxBuffered) {
      this.counts.dropped += batch.length;
      return;
    }
    let text = "";
    let lines = 0;
    for (const record of batch) {
      const line = toJsonLine(record);
      if (line === null) this.counts.failed++;
      else {
        text += line;
        lines++;
      }
    }
    if (lines === 0) return;
    this.lastWrite = new Promise<void>((resolve) => {
      stream.write(text, (error) => {
        if (error) this.counts.failed += lines;
        else this.counts.written += lines;
        resolve();
      });
    });
  };
}

/** A JSON-lines sink appending to `path` (created if missing). */
export function fileJsonlSink(path: string, logger: ObservabilityLogger): JsonlSink {
  const stream = createWriteStream(path, { flags: "a" });
  return new JsonlSink({ stream, ownsStream: true, name: "jsonl-file" }, logger);
}

/** A JSON-lines sink on standard output. */
export function stdoutJsonlSink(logger: ObservabilityLogger): JsonlSink {
  return new JsonlSink({ stream: process.stdout, ownsStream: false, name: "jsonl-stdout" }, logger);
}

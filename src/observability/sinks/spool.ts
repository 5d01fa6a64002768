/**
 * The database sink's write-ahead spool: every record is appended to a local file (one
 * `write(2)` per record, synchronously) before it is queued for the batch insert, and the
 * file's space is reclaimed only once the database has confirmed the rows. On start, what a
 * previous process left behind is read back and inserted again; the inserts ignore a
 * `request_id` that is already stored, so a replay never duplicates a row.
 *
 * The spool is a directory of segments (`000001.jsonl`, …), one JSON record per line. The
 * active segment is truncated when all of its records are confirmed, and rotated once it
 * passes `maxSegmentBytes`; a closed segment is deleted when all of its records are
 * confirmed. Records that failed or were dropped from a full queue are not confirmed, so
 * their segment stays until the next start replays it.
 *
 * No fsync: a write lands in the kernel's page cache, which survives the process dying
 * (SIGKILL, an OOM kill, a crash) but not a power loss or kernel crash (docs/observability.md,
 * "What survives a crash").
 */
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { ObservabilityLogger } from "../config.js";
import type { UsageRecord } from "../record.js";
import type { RecordJournal } from "./batcher.js";
import { toJsonObject } from "./serialize.js";

const SEGMENT = /^(\d{6,})\.jsonl$/;
const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;

/** What `openSpool` found on disk. */
export interface SpoolReplay {
  /** Records a previous process spooled, oldest first, one per request_id. */
  records: UsageRecord[];
  /** Lines that could not be read back (a write torn by the crash). */
  unreadable: number;
}

/** A spool directory opened for appending, with what it held from before. */
export class Spool implements RecordJournal {
  private fd: number;
  private active: number;
  private size = 0;
  /** Records not yet confirmed, per segment. */
  private readonly outstanding = new Map<number, number>();
  private readonly segmentOf = new WeakMap<UsageRecord, number>();
  private closed = false;
  private failing = false;

  private constructor(
    readonly dir: string,
    first: number,
    private readonly maxSegmentBytes: number,
    private readonly logger: ObservabilityLogger,
  ) {
    this.active = first;
    this.fd = this.openSegment(first);
  }

  /**
   * Opens (creating if missing) the spool directory, reads back every segment a previous
   * process left, and starts a new segment after them. Throws when the directory cannot be
   * created or written, so a bad path fails at startup.
   */
  static open(
    dir: string,
    logger: ObservabilityLogger,
    maxSegmentBytes = DEFAULT_SEGMENT_BYTES,
  ): { spool: Spool; replay: SpoolReplay } {
    mkdirSync(dir, { recursive: true });
    const old = readdirSync(dir)
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const next = (old.at(-1) ?? 0) + 1;
    const spool = new Spool(dir, next, maxSegmentBytes, logger);
    return { spool, replay: spool.readBack(old) };
  }

  /** Appends one record (one write). A record that cannot be serialized is not spooled. */
  append(record: UsageRecord): void {
    if (this.closed) return;
    let line: string;
    try {
      line = `${JSON.stringify(toJsonObject(record))}\n`;
    } catch {
      // why: a payload with a cycle or a BigInt cannot be inserted either; the sink counts it failed.
      return;
    }
    try {
      this.size += writeSync(this.fd, line);
      this.failing = false;
    } catch (error) {
      // why: once per outage (a full disk fails every write), not once per record.
      if (!this.failing)
        this.logger.error({ dir: this.dir, err: String(error) }, "usage record spool write failed");
      this.failing = true;
      return;
    }
    this.segmentOf.set(record, this.active);
    this.outstanding.set(this.active, (this.outstanding.get(this.active) ?? 0) + 1);
    if (this.size >= this.maxSegmentBytes) this.rotate();
  }

  /** The database confirmed these rows: their segments may be truncated or deleted. */
  release(records: readonly UsageRecord[]): void {
    const touched = new Set<number>();
    for (const record of records) {
      const segment = this.segmentOf.get(record);
      if (segment === undefined) continue;
      this.segmentOf.delete(record);
      this.outstanding.set(segment, (this.outstanding.get(segment) ?? 1) - 1);
      touched.add(segment);
    }
    for (const segment of touched) {
      if ((this.outstanding.get(segment) ?? 0) > 0) continue;
      this.outstanding.delete(segment);
      this.reclaim(segment);
    }
  }

  /** Closes the active segment; deletes it when nothing in it is waiting for the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    if ((this.outstanding.get(this.active) ?? 0) === 0) this.unlink(this.active);
  }

  private reclaim(segment: number): void {
    if (segment !== this.active) {
      this.unlink(segment);
    } else if (!this.closed && this.size > 0) {
      // why: the fd is O_APPEND, so after truncation the next write lands at offset 0.
      ftruncateSync(this.fd, 0);
      this.size = 0;
    }
  }

  private rotate(): void {
    closeSync(this.fd);
    if ((this.outstanding.get(this.active) ?? 0) === 0) this.unlink(this.active);
    this.active++;
    this.fd = this.openSegment(this.active);
    this.size = 0;
  }

  private readBack(segments: number[]): SpoolReplay {
    const seen = new Set<string>();
    const records: UsageRecord[] = [];
    let unreadable = 0;
    for (const segment of segments) {
      const text = readFileSync(this.path(segment), "utf8");
      let count = 0;
      for (const line of text.split("\n")) {
        if (line === "") continue;
        const record = parseRecord(line);
        if (!record) {
          unreadable++;
          continue;
        }
        if (seen.has(record.request_id)) continue;
        seen.add(record.request_id);
        this.segmentOf.set(record, segment);
        records.push(record);
        count++;
      }
      if (count === 0) this.unlink(segment);
      else this.outstanding.set(segment, count);
    }
    return { records, unreadable };
  }

  private openSegment(segment: number): number {
    // why: "ax" (O_EXCL) so two processes given the same directory never share a segment.
    return openSync(this.path(segment), "ax", 0o600);
  }

  private unlink(segment: number): void {
    try {
      unlinkSync(this.path(segment));
    } catch (error) {
      this.logger.warn({ dir: this.dir, err: String(error) }, "could not delete a spool segment");
    }
  }

  private path(segment: number): string {
    return join(this.dir, `${String(segment).padStart(6, "0")}.jsonl`);
  }
}

function parseRecord(line: string): UsageRecord | null {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value !== "object" || value === null) return null;
    const record = value as UsageRecord;
    return typeof record.request_id === "string" && typeof record.timestamp === "string" ? record : null;
  } catch {
    return null;
  }
}

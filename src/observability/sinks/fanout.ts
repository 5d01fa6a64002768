/** Fan-out: one `write` hands the record to every configured sink (each only enqueues). */
import type { UsageRecord } from "../record.js";
import type { RecordSink, SinkStats } from "./types.js";

/** Every configured sink behind one write. */
export class RecordSinks {
  constructor(
    readonly sinks: readonly RecordSink[],
    /** When false, payload fields are written as null whatever the caller filled in. */
    private readonly logPayloads = false,
  ) {}

  /** True when at least one sink is configured (callers may skip building payloads otherwise). */
  get active(): boolean {
    return this.sinks.length > 0;
  }

  /** Hands the record to every sink. Never throws. */
  write(record: UsageRecord): void {
    if (this.sinks.length === 0) return;
    const out = this.logPayloads ? record : withoutPayloads(record);
    for (const sink of this.sinks) {
      try {
        sink.write(out);
      } catch {
        // why: RecordSink.write must not throw; a sink that does anyway must not break the others.
      }
    }
  }

  async flush(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.flush()));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.sinks.map((s) => s.close()));
  }

  /** Stats per sink, keyed by sink name. */
  stats(): Record<string, SinkStats> {
    const out: Record<string, SinkStats> = {};
    for (const sink of this.sinks) out[sink.name] = sink.stats();
    return out;
  }
}

function withoutPayloads(record: UsageRecord): UsageRecord {
  if (record.request_payload == null && record.response_payload == null) return record;
  return { ...record, request_payload: null, response_payload: null };
}

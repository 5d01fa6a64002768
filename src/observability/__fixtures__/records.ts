/** Usage records for the observability tests. */
import { newUsageRecord, type UsageRecord } from "../record.js";

/** A fully populated streamed chat record. */
export function fullRecord(i = 0): UsageRecord {
  return newUsageRecord({
    request_id: `req_${i}`,
    trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    timestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, i)).toISOString(),
    tenant: "acme",
    team: "search",
    consumer: "svc-search",
    key: "search-prod",
    workflow: "summarize",
    sensitivity: "internal",
    user: "end-user-7",
    route: "chat",
    model: "fast",
    provider: "openai-eu",
    provider_model: "gpt-4o-mini-2024-07-18",
    prompt_version: "summarize@3",
    stream: true,
    status: 200,
    attempts: 2,
    fallback_used: true,
    resumed: true,
    cache_status: "miss",
    validation_result: [{ guard: "pii", result: "redact", detail: "1 email" }],
    input_tokens: 1200,
    output_tokens: 300,
    cached_tokens: 1000,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    usage_source: "provider",
    cost_usd: 0.000285,
    latency_ms: 812.5,
    gateway_overhead_ms: 0.42,
    upstream_latency_ms: 812.08,
    ttft_ms: 120.25,
    tpot_ms: 2.31,
    warnings: ["dropped top_k: not supported by openai"],
    request_payload: { messages: [{ role: "user", content: "héllo ✓" }] },
    response_payload: { text: "hi" },
  });
}

/** A refused request: almost everything unknown. */
export function sparseRecord(i = 0): UsageRecord {
  return newUsageRecord({
    request_id: `req_sparse_${i}`,
    timestamp: "2026-01-02T03:04:05.000Z",
    status: 429,
    error_code: "rate_limit_exceeded",
    latency_ms: 0.3,
  });
}

/** A logger that keeps what it is told. */
export function memoryLogger() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  return {
    lines,
    warn(obj: object, msg?: string) {
      lines.push({ level: "warn", obj, msg });
    },
    error(obj: object, msg?: string) {
      lines.push({ level: "error", obj, msg });
    },
  };
}

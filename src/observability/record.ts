/**
 * The usage record: one per request, written in the log phase (after the client has its last
 * byte). Every sink writes every field; a value the gateway does not know is `null`, never absent.
 * Field meanings and accuracy notes: docs/observability.md.
 */
import type { AttemptFailure } from "../router/attempts.js";

/** One guard's outcome for this request (e.g. a PII guard that redacted, a schema check that passed). */
export interface GuardOutcome {
  /** The guard (plugin) name. */
  guard: string;
  /** `pass`, `flag`, `redact`, `block`, or a guard-specific word. */
  result: string;
  /** A short reason a person can read; never the offending content. */
  detail?: string;
}

/** A usage record. Owned by the sinks once written: do not mutate it after `sinks.write`. */
export interface UsageRecord {
  request_id: string;
  /** The W3C trace id (32 hex) when the request was traced or carried one; else null. */
  trace_id: string | null;
  /** When the request arrived, ISO 8601 (UTC). */
  timestamp: string;
  tenant: string | null;
  team: string | null;
  consumer: string | null;
  /** The Tollgate key's NAME. Never the secret, never its hash. */
  key: string | null;
  workflow: string | null;
  sensitivity: string | null;
  /** The end user the application named (request contract `user`, or the dialect's own user field). */
  user: string | null;
  route: string | null;
  /** The model the client asked for (a Tollgate model alias). */
  model: string | null;
  /** The provider (config name) that served the last attempt. */
  provider: string | null;
  /** The model the provider says served the request. */
  provider_model: string | null;
  prompt_version: string | null;
  stream: boolean;
  /** The HTTP status the client received. */
  status: number;
  /** The stable error code the client received, when the request failed. */
  error_code: string | null;
  /** Upstream attempts made (0 for a cache hit or a refusal before routing). */
  attempts: number;
  fallback_used: boolean;
  /** The target that served the last attempt: `provider/model` (a model may list a pair twice: `#2`). */
  target: string | null;
  /** Each failed attempt: target, status, error code, and what the router did next. */
  failed_attempts: AttemptFailure[] | null;
  /** A stream that broke after its first byte was continued on another attempt (`stream_resume`). */
  resumed: boolean;
  /** `hit`, `miss`, `bypass`, `semantic_hit`, … or null when no cache is configured. */
  cache_status: string | null;
  validation_result: GuardOutcome[] | null;
  /** Input tokens, INCLUDING cached-read and cache-write tokens (canonical Usage). */
  input_tokens: number | null;
  /** Output tokens, INCLUDING reasoning tokens. */
  output_tokens: number | null;
  cached_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  usage_source: "provider" | "estimated" | null;
  /** Cost in USD from the price table; null when the model has no price. */
  cost_usd: number | null;
  /** Request arrival to last byte written to the client. */
  latency_ms: number;
  /** latency_ms minus the time spent waiting on upstreams (all attempts). */
  gateway_overhead_ms: number | null;
  /** Time spent on upstream attempts, summed. */
  upstream_latency_ms: number | null;
  /** Request arrival to the first content byte sent to the client (streams). */
  ttft_ms: number | null;
  /** Mean time per output token after the first (streams). */
  tpot_ms: number | null;
  /** Lossy-mapping and policy warnings raised while serving the request. */
  warnings: string[];
  /** The canonical request; only when `observability.log_payloads` is on, else null. */
  request_payload: unknown;
  /** The canonical response (or folded stream); only when `log_payloads` is on, else null. */
  response_payload: unknown;
}

/**
 * Every field, in column order. Sinks iterate this list, so a field the caller left
 * `undefined` is still written (as null). The type check below keeps it complete.
 */
export const RECORD_FIELDS = [
  "request_id",
  "trace_id",
  "timestamp",
  "tenant",
  "team",
  "consumer",
  "key",
  "workflow",
  "sensitivity",
  "user",
  "route",
  "model",
  "provider",
  "provider_model",
  "prompt_version",
  "stream",
  "status",
  "error_code",
  "attempts",
  "fallback_used",
  "target",
  "failed_attempts",
  "resumed",
  "cache_status",
  "validation_result",
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "usage_source",
  "cost_usd",
  "latency_ms",
  "gateway_overhead_ms",
  "upstream_latency_ms",
  "ttft_ms",
  "tpot_ms",
  "warnings",
  "request_payload",
  "response_payload",
] as const satisfies readonly (keyof UsageRecord)[];

/** Compile-time proof that RECORD_FIELDS names every field of UsageRecord. */
type MissingFields = Exclude<keyof UsageRecord, (typeof RECORD_FIELDS)[number]>;
const _complete: MissingFields extends never ? true : MissingFields = true;
void _complete;

/** The fields a caller must know when the request starts; everything else defaults. */
export type UsageRecordInit = Pick<UsageRecord, "request_id" | "timestamp"> & Partial<UsageRecord>;

/**
 * A complete record with every unknown field set to null (numbers that always exist to 0,
 * flags to false). Allocate it once per request and fill it in as the request proceeds.
 */
export function newUsageRecord(init: UsageRecordInit): UsageRecord {
  return {
    trace_id: null,
    tenant: null,
    team: null,
    consumer: null,
    key: null,
    workflow: null,
    sensitivity: null,
    user: null,
    route: null,
    model: null,
    provider: null,
    provider_model: null,
    prompt_version: null,
    stream: false,
    status: 0,
    error_code: null,
    attempts: 0,
    fallback_used: false,
    target: null,
    failed_attempts: null,
    resumed: false,
    cache_status: null,
    validation_result: null,
    input_tokens: null,
    output_tokens: null,
    cached_tokens: null,
    cache_write_tokens: null,
    reasoning_tokens: null,
    usage_source: null,
    cost_usd: null,
    latency_ms: 0,
    gateway_overhead_ms: null,
    upstream_latency_ms: null,
    ttft_ms: null,
    tpot_ms: null,
    warnings: [],
    request_payload: null,
    response_payload: null,
    ...init,
  };
}

/**
 * Mean time per output token after the first: (latency − ttft) / (output_tokens − 1).
 * Null when the stream had no first token, or fewer than two output tokens.
 */
export function timePerOutputToken(latencyMs: number, ttftMs: number | null, outputTokens: number | null) {
  if (ttftMs === null || outputTokens === null || outputTokens < 2) return null;
  return Math.max(0, latencyMs - ttftMs) / (outputTokens - 1);
}

/** The value a sink writes for a field: `undefined` becomes null. */
export function fieldValue(record: UsageRecord, field: (typeof RECORD_FIELDS)[number]): unknown {
  const v = record[field];
  return v === undefined ? null : v;
}

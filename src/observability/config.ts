/**
 * The `observability` config section: where usage records go, metrics labels, tracing.
 * Documented in docs/observability.md.
 */
import { z } from "zod";
import { count, durationMs, MINUTE } from "../config/bounds.js";
import { pricingConfigSchema } from "./cost.js";

const flushMs = () => durationMs({ max: 10 * MINUTE });
const maxQueue = () => count({ max: 1_000_000 });

/** JSON-lines log of usage records. */
export const logSinkConfigSchema = z
  .object({
    /** Write records to standard output. */
    stdout: z.boolean().optional(),
    /** Append records to this file. */
    file: z.string().min(1).optional(),
  })
  .strict();

/** Batched inserts into a `usage_records` table. */
export const databaseSinkConfigSchema = z
  .object({
    /** `sqlite://path/to/file.db` (`sqlite://:memory:` for tests) or `postgres://user@host/db`. */
    url: z.string().regex(/^(sqlite|postgres|postgresql):\/\/./, "must start with sqlite:// or postgres://"),
    /** Table name (letters, digits, underscores). */
    table: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, "letters, digits and underscores only")
      .default("usage_records"),
    batch_size: count({ max: 1000 }).default(200),
    flush_ms: flushMs().default(1000),
    max_queue: maxQueue().default(20_000),
    /**
     * The write-ahead spool directory (records survive the process dying until the database
     * confirms them). Default: `<sqlite file>.spool` next to a SQLite file, `./<table>.spool`
     * for PostgreSQL; none for `sqlite://:memory:`. `false` turns it off.
     */
    spool: z.union([z.string().min(1), z.literal(false)]).optional(),
  })
  .strict();

/** HTTP POST of JSON arrays of records. */
export const webhookSinkConfigSchema = z
  .object({
    url: z.url({ message: "must be an http(s) URL" }),
    batch_size: count({ max: 10_000 }).default(100),
    flush_ms: flushMs().default(1000),
    max_queue: maxQueue().default(10_000),
    headers: z.record(z.string(), z.string()).default({}),
    /** Attempts per batch before it counts as failed. */
    max_attempts: count({ max: 20 }).default(5),
    timeout_ms: durationMs({ max: 10 * MINUTE }).default(10_000),
  })
  .strict();

/** OpenTelemetry traces over OTLP/HTTP (JSON). */
export const tracingConfigSchema = z
  .object({
    /** The collector's base URL (`/v1/traces` is appended unless the URL already ends with it). */
    otlp_endpoint: z.url({ message: "must be an http(s) URL" }),
    service_name: z.string().min(1).default("tollgate"),
    /** Fraction of new traces sampled; an incoming `traceparent`'s sampled flag wins. */
    sample_ratio: z.number().min(0).max(1).default(1),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** Prometheus metrics options. */
export const metricsConfigSchema = z
  .object({
    /** Add a `tenant` label to request, token and cost counters (bounded: see docs). */
    tenant_label: z.boolean().default(false),
    /** Also export Node process metrics (CPU, memory, event-loop lag). */
    process_metrics: z.boolean().default(true),
  })
  .strict();

/** The whole `observability` section. Every part is optional. */
export const observabilityConfigSchema = z
  .object({
    log: logSinkConfigSchema.optional(),
    database: databaseSinkConfigSchema.optional(),
    webhook: webhookSinkConfigSchema.optional(),
    /** Keep request and response payloads in usage records (off by default: they hold user data). */
    log_payloads: z.boolean().default(false),
    metrics: metricsConfigSchema.prefault({}),
    tracing: tracingConfigSchema.optional(),
    /** Per-model price overrides, USD per million tokens. */
    pricing: pricingConfigSchema.default({}),
  })
  .strict();

export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;
export type LogSinkConfig = z.infer<typeof logSinkConfigSchema>;
export type DatabaseSinkConfig = z.infer<typeof databaseSinkConfigSchema>;
export type WebhookSinkConfig = z.infer<typeof webhookSinkConfigSchema>;
export type TracingConfig = z.infer<typeof tracingConfigSchema>;
export type MetricsConfig = z.infer<typeof metricsConfigSchema>;

/**
 * The logger the observability parts report their own trouble to (a pino logger fits).
 * Sinks never log per record; failures are logged at most once per batch.
 */
export interface ObservabilityLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

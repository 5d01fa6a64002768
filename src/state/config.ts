/**
 * The storage config schemas. The root config will carry them as
 * `storage: { counters: …, records: … }`; until then callers validate with these directly.
 */
import { z } from "zod";

const timeoutMs = z.number().int().positive().max(60_000);

/** Where counters (rate limits, budgets, breaker state) live. */
export const counterStoreConfigSchema = z.discriminatedUnion("backend", [
  z.object({ backend: z.literal("memory") }).strict(),
  z
    .object({
      backend: z.literal("redis"),
      /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
      url: z.string().regex(/^rediss?:\/\/./, "must start with redis:// or rediss://"),
      /** Prepended to every key, so applications can share a Redis. No braces (they pick the cluster slot). */
      prefix: z
        .string()
        .max(128)
        .regex(/^[^{}]*$/, "must not contain { or }")
        .default("tollgate:"),
      /** How long a connection attempt may take (default 1000 ms). */
      connect_timeout_ms: timeoutMs.default(1000),
      /** How long a call may wait for Redis, queueing included, before it fails (default 1000 ms). */
      command_timeout_ms: timeoutMs.default(1000),
    })
    .strict(),
]);

/** Where documents (stored responses, keys) and the usage ledger live. */
export const recordStoreConfigSchema = z.discriminatedUnion("backend", [
  z
    .object({
      backend: z.literal("sqlite"),
      /** A file path (its directory is created if missing), or `:memory:`. */
      path: z.string().min(1),
    })
    .strict(),
  z
    .object({
      backend: z.literal("postgres"),
      /** `postgres://user:password@host:port/database`. */
      url: z.string().regex(/^postgres(ql)?:\/\/./, "must start with postgres:// or postgresql://"),
      /** Connections in the pool (default 10). */
      pool_max: z.number().int().positive().max(1000).default(10),
    })
    .strict(),
]);

export type CounterStoreConfig = z.infer<typeof counterStoreConfigSchema>;
export type CounterStoreConfigInput = z.input<typeof counterStoreConfigSchema>;
export type RecordStoreConfig = z.infer<typeof recordStoreConfigSchema>;
export type RecordStoreConfigInput = z.input<typeof recordStoreConfigSchema>;

/** The root config's `storage` section: both stores, with the one-process defaults. */
export const storageConfigSchema = z
  .object({
    /** Default: a SQLite file `./data/tollgate.db` (relative to the working directory), created on first use. */
    records: recordStoreConfigSchema.default({ backend: "sqlite", path: "./data/tollgate.db" }),
    /** Default: in this process's memory (exact for one node; use Redis for a fleet). */
    counters: counterStoreConfigSchema.default({ backend: "memory" }),
  })
  .strict();

export type StorageConfig = z.infer<typeof storageConfigSchema>;

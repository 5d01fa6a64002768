/**
 * The root config schema. Provider sections are validated by each provider's own schema (from the
 * registry), so this file names no provider.
 */

import { z } from "zod";
import { limitsConfigSchema } from "../governance/config.js";
import { consumerBodySchema, teamBodySchema, tenantBodySchema } from "../governance/identity/entities.js";
import { budgetSpecSchema, limitSpecSchema, modelAccessSchema } from "../governance/policy.js";
import { observabilityConfigSchema } from "../observability/config.js";
import { modelPriceSchema } from "../observability/cost.js";
import { modelRoutingShape, targetRoutingShape } from "../router/config.js";
import { routeSchema } from "../router/routes-config.js";
import { storageConfigSchema } from "../state/config.js";
import { byteSize, durationMs, GiB, HOUR, MINUTE } from "./bounds.js";
import { hostSchema } from "./host.js";

/** A `plugins:` entry; `config` is validated by the plugin's own schema (src/config/plugins.ts). */
export const pluginEntrySchema = z
  .object({
    name: z.string().min(1),
    config: z.unknown().optional(),
    /** `false` keeps the entry in the file but off. */
    enabled: z.boolean().optional(),
  })
  .strict();

const targetSchema = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1),
    ...targetRoutingShape,
    /** This target's own prices (USD per million tokens), over the built-in table. */
    price: modelPriceSchema.optional(),
  })
  .loose();

export const modelSchema = z
  .object({
    name: z.string().min(1),
    targets: z.array(targetSchema).min(1, "a model needs at least one target"),
    /** Plugins for this model only, on top of the global ones. */
    plugins: z.array(pluginEntrySchema).optional(),
    ...modelRoutingShape,
  })
  .strict();

export const keySchema = z
  .object({
    name: z.string().min(1),
    key: z.string().min(8, "keys must be at least 8 characters"),
    /** Model names this key may use (absent = all), or `{ allow, deny }` (deny wins). */
    models: z.union([z.array(z.string()), modelAccessSchema]).optional(),
    /**
     * Who the key belongs to: a `consumers:`/`teams:`/`tenants:` entry of this file (whose models,
     * limits and budgets then apply too), or, when that section is empty, a label for records,
     * metrics and the ledger.
     */
    consumer: z.string().min(1).optional(),
    team: z.string().min(1).optional(),
    tenant: z.string().min(1).optional(),
    /** Rate limits and budgets of this key, enforced by the limits engine. */
    limits: z.array(limitSpecSchema).max(20).optional(),
    budget: budgetSpecSchema.optional(),
    budgets: z.array(budgetSpecSchema).optional(),
  })
  .strict();

export const serverSchema = z
  .object({
    host: hostSchema.default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(8000),
    /** Largest accepted request body in bytes (default 10 MiB). */
    body_limit: byteSize({ max: GiB }).default(10 * 1024 * 1024),
    /** How long in-flight requests and streams may run after SIGTERM before the process exits. */
    shutdown_grace_ms: durationMs({ min: 0, max: HOUR }).default(10_000),
    /** A client must send its request headers within this time (slow-header connections are closed). */
    headers_timeout_ms: durationMs({ min: 100, max: 10 * MINUTE }).default(30_000),
    /** …and its whole request (headers and body) within this one. Responses and streams are not limited. */
    request_timeout_ms: durationMs({ min: 100, max: HOUR }).default(300_000),
  })
  .strict();

export const rootSchema = z
  .object({
    server: serverSchema.default({
      host: "127.0.0.1",
      port: 8000,
      body_limit: 10 * 1024 * 1024,
      shutdown_grace_ms: 10_000,
      headers_timeout_ms: 30_000,
      request_timeout_ms: 300_000,
    }),
    auth: z
      .object({ mode: z.enum(["keys", "none"]).default("keys") })
      .strict()
      .default({ mode: "keys" }),
    providers: z.record(z.string(), z.object({ type: z.string() }).loose()).default({}),
    models: z.array(modelSchema).default([]),
    /** Policy routes: the first whose `match` holds sends the request to its `model`. */
    routes: z.array(routeSchema).default([]),
    keys: z.array(keySchema).default([]),
    /**
     * Tenants, teams and consumers declared here, with the admin API's fields (models, limits,
     * budgets); read-only through the admin API. Config keys and managed keys join them by id.
     */
    tenants: z.array(tenantBodySchema).max(10_000).default([]),
    teams: z.array(teamBodySchema).max(10_000).default([]),
    consumers: z.array(consumerBodySchema).max(10_000).default([]),
    /** Plugins for every request, in addition to key-auth (which is always on). */
    plugins: z.array(pluginEntrySchema).default([]),
    logging: z
      .object({
        level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
        /** `pretty` (one readable line per record) or `json` lines; absent: pretty on a terminal. */
        format: z.enum(["pretty", "json"]).optional(),
      })
      .strict()
      .default({ level: "info" }),
    observability: observabilityConfigSchema.prefault({}),
    /** Where records (stored responses, managed keys, the usage ledger) and counters live. */
    storage: storageConfigSchema.prefault({}),
    /** The limits engine: output caps, holds, store failures, per-model and per-field limits. */
    limits: limitsConfigSchema.prefault({}),
    /**
     * The Responses API's stored responses (`store`, `previous_response_id`,
     * `GET`/`DELETE /v1/responses/{id}`): kept this many days, then expired (OpenAI keeps 30).
     */
    responses: z
      .object({ retention_days: z.number().int().min(1).max(3650).default(30) })
      .strict()
      .prefault({}),
    /** The admin port: /metrics, health and the admin API. Loopback by default; `enabled: false` turns it off. */
    admin: z
      .object({
        enabled: z.boolean().default(true),
        host: hostSchema.default("127.0.0.1"),
        port: z.number().int().min(0).max(65535).default(8001),
        /** The full-access admin token (`{env://…}`); without it the admin API answers 403. */
        token: z.string().min(16, "admin tokens must be at least 16 characters").optional(),
        /** A read-only admin token: GET routes only. */
        read_token: z.string().min(16, "admin tokens must be at least 16 characters").optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type RootConfig = z.infer<typeof rootSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type KeyConfig = z.infer<typeof keySchema>;

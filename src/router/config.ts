/**
 * The routing keys of a model and its targets (`balancer`, `retries`, `fallback_on`, `timeouts`,
 * `breaker`, `health_check`; a target's `priority`, `description`, `max_tokens`, `params`), as zod schemas the
 * root config schema uses. Defaults keep a plain model as it was: list order, one retry of a
 * failure that may pass, fallback to the next target on errors, timeouts, 429 and 5xx.
 */
import { z } from "zod";
import { durationMs, HOUR, MINUTE } from "../config/bounds.js";
import { balancerConfigSchema } from "./balancers/config.js";

/** `balancer`: `algorithm` and that algorithm's own settings (src/router/balancers/config.ts). */
export const balancerSchema = balancerConfigSchema;

export const retriesSchema = z
  .object({
    /** Further tries on the same target after a failure that may pass (0 = none). */
    attempts: z.number().int().min(0).max(10).default(1),
    /** First backoff; doubled each retry, with full jitter. */
    backoff_ms: durationMs({ min: 0, max: MINUTE }).default(100),
    max_backoff_ms: durationMs({ min: 0, max: 10 * MINUTE }).default(5_000),
    /**
     * A `retry-after` longer than this is not waited for here: the next target is tried, or the
     * client gets the 429 with the provider's `retry-after` (its SDK can wait).
     */
    max_retry_after_ms: durationMs({ min: 0, max: 10 * MINUTE }).default(2_000),
  })
  .strict()
  .prefault({});

/** Outcome classes `fallback_on` may name; an HTTP status (e.g. 503) names that status only. */
export const FALLBACK_CLASSES = [
  "error",
  "timeout",
  "429",
  "5xx",
  "content_filter",
  "context_length_exceeded",
] as const;
export type FallbackClass = (typeof FALLBACK_CLASSES)[number];

export const fallbackOnSchema = z
  .array(
    z.union([
      z.enum(FALLBACK_CLASSES),
      z.number().int().min(400).max(599),
      z
        .string()
        .regex(/^[45][0-9][0-9]$/, "a status code such as 503, or one of: " + FALLBACK_CLASSES.join(", ")),
    ]),
  )
  .default(["error", "timeout", "429", "5xx"]);

export const modelTimeoutsSchema = z
  .object({
    connect_ms: durationMs({ min: 1, max: MINUTE }).optional(),
    first_byte_ms: durationMs({ min: 1, max: HOUR }).optional(),
    /**
     * The deadline for the whole attempt plan: every attempt, backoff and fallback must reach the
     * first byte of an answer within it. A stream that started is not cut by it.
     */
    total_ms: durationMs({ min: 1, max: HOUR }).optional(),
  })
  .strict();

export const breakerSchema = z
  .object({
    /** Failures (errors, timeouts, 429, 5xx) within `window_ms` that open the breaker. */
    max_fails: z.number().int().min(1).max(1000).default(5),
    window_ms: durationMs({ min: 1, max: HOUR }).default(10_000),
    /** How long an open breaker keeps the target out; then one probe request is let through. */
    cooldown_ms: durationMs({ min: 1, max: HOUR }).default(30_000),
    /**
     * Count failures and keep the open state in the gateway's counter store (Redis), so a
     * breaker one node opens keeps every node off the target (src/router/fleet-breaker.ts).
     */
    shared: z.boolean().default(false),
  })
  .strict();

/**
 * Active health checks (Kong's upstream active checks): every `interval_ms` each target gets a
 * probe (src/router/health-check.ts); `unhealthy_after` failed probes in a row take it out of
 * plans, `healthy_after` good ones in a row bring it back.
 */
export const healthCheckSchema = z
  .object({
    interval_ms: durationMs({ min: 100, max: HOUR }).default(10_000),
    /** A probe that has not answered by then counts as failed. */
    timeout_ms: durationMs({ min: 10, max: MINUTE }).default(5_000),
    unhealthy_after: z.number().int().min(1).max(100).default(2),
    healthy_after: z.number().int().min(1).max(100).default(2),
    /**
     * Publish each node's verdict in the gateway's counter store (Redis) and leave a target out
     * when most of the fleet's latest verdicts say it is unhealthy (src/router/fleet-health.ts).
     */
    shared: z.boolean().default(false),
  })
  .strict();

/** Routing keys on a target, beside `provider`, `model` and the provider's own. */
export const targetRoutingShape = {
  weight: z.number().positive().max(1_000_000).optional(),
  /** Tier: lower first; the next tier is used only when every target above is down or failed. */
  priority: z.number().int().min(0).max(1000).optional(),
  /** What this target is for (the semantic balancer). */
  description: z.string().min(1).max(2000).optional(),
  /** Caps the request's output tokens for this target. */
  max_tokens: z.number().int().positive().max(10_000_000).optional(),
  /** Request parameters set for this target (e.g. `temperature`), over the client's. */
  params: z.record(z.string(), z.unknown()).optional(),
};

export const modelRoutingShape = {
  /** Other names clients may use for this model. */
  aliases: z.array(z.string().min(1)).optional(),
  balancer: balancerSchema,
  retries: retriesSchema,
  fallback_on: fallbackOnSchema,
  timeouts: modelTimeoutsSchema.optional(),
  breaker: breakerSchema.optional(),
  /**
   * Continue a stream that broke after its first byte on the next target, with the partial
   * answer as an assistant prefill (plain text only, prefill-capable targets; docs/routing.md).
   */
  stream_resume: z.boolean().default(false),
  health_check: healthCheckSchema.optional(),
};

export type BalancerConfig = z.infer<typeof balancerSchema>;
export type RetriesConfig = z.infer<typeof retriesSchema>;
export type FallbackOn = z.infer<typeof fallbackOnSchema>;
export type ModelTimeouts = z.infer<typeof modelTimeoutsSchema>;
export type BreakerConfig = z.infer<typeof breakerSchema>;
export type HealthCheckConfig = z.infer<typeof healthCheckSchema>;

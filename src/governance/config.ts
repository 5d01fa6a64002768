/**
 * The root `limits:` section: how the limits engine estimates and holds, what it does when the
 * counter store is down, and the limits that are not an entity's (per model, per request-contract
 * field). Entity limits and budgets come from `ctx.identity.policies` and from documents created
 * through `/admin/v1/budgets` and `/admin/v1/limits`.
 */
import { z } from "zod";
import { durationMs } from "../config/bounds.js";
import { limitSpecSchema } from "./policy.js";

const failMode = z.enum(["fail_open", "fail_closed"]);

/** Contract fields a limit may key on (the request contract's string fields). */
export const LIMITED_CONTRACT_FIELDS = ["workflow", "user", "sensitivity"] as const;

export const limitsConfigSchema = z
  .object({
    /** Output cap used (and sent upstream) for a request that sets none, so every estimate is bounded. */
    default_max_output_tokens: z.number().int().positive().max(1_000_000).default(4096),
    /** A hold lapses on its own after this long (a node that dies mid-request leaks nothing). */
    hold_ttl_ms: durationMs({ min: 1000, max: 24 * 3_600_000 }).default(900_000),
    /** When the counter store cannot answer: serve uncounted (`fail_open`) or refuse with 503. */
    on_store_failure: z
      .object({ budgets: failMode.default("fail_closed"), limits: failMode.default("fail_open") })
      .strict()
      .prefault({}),
    /** Limits on every request for a model (all callers together): model name → limits. */
    models: z.record(z.string().min(1), z.array(limitSpecSchema).max(20)).default({}),
    /** Limits per request-contract field value: `{ workflow: { nightly-batch: [...] } }`. */
    contract: z
      .partialRecord(
        z.enum(LIMITED_CONTRACT_FIELDS),
        z.record(z.string().min(1), z.array(limitSpecSchema).max(20)),
      )
      .default({}),
    /** The usage ledger (RecordStore) is written in batches off the request path. */
    ledger: z
      .object({
        enabled: z.boolean().default(true),
        batch_size: z.number().int().min(1).max(1000).default(200),
        flush_ms: durationMs({ min: 10, max: 60_000 }).default(250),
        /** Rows kept while the records database is down; beyond this the oldest are dropped (logged). */
        max_queued: z.number().int().min(100).max(10_000_000).default(100_000),
      })
      .strict()
      .prefault({}),
    /** Budget alerts (`alert_at`) are POSTed here as JSON, once per threshold and period. */
    alerts: z
      .object({
        webhook_url: z.url().optional(),
        timeout_ms: durationMs({ min: 100, max: 60_000 }).default(5000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type LimitsConfig = z.infer<typeof limitsConfigSchema>;

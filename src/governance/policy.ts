/**
 * What governs an entity (a key, consumer, team or tenant): which models it may use, its rate
 * limits and its dollar budgets. The same shape comes from the config file (keys there) and from
 * the records store (entities created through the admin API); auth plugins put the chain that
 * applies to a request on `ctx.identity.policies`, and the limits engine reads it from there.
 */
import { z } from "zod";

/** What a limit counts. `cost_usd` counts micro-dollars internally. */
export const LIMIT_METRICS = [
  "requests",
  "total_tokens",
  "prompt_tokens",
  "completion_tokens",
  "cost_usd",
] as const;
export type LimitMetric = (typeof LIMIT_METRICS)[number];

/** `30s`, `1m`, `1h`, `1d` (a fixed window of that length). */
export const windowSchema = z
  .string()
  .regex(/^[1-9][0-9]*(s|m|h|d)$/, "a window is a number and a unit: 30s, 1m, 1h or 1d");

export const limitSpecSchema = z
  .object({
    id: z.string().min(1).max(128).optional(),
    metric: z.enum(LIMIT_METRICS),
    // why: cost limits count micro-dollars as safe integers, so a bound keeps them exact.
    limit: z.number().positive().max(1e9),
    window: windowSchema,
  })
  .strict();

export const BUDGET_PERIODS = ["daily", "weekly", "monthly", "none"] as const;

export const budgetSpecSchema = z
  .object({
    id: z.string().min(1).max(128).optional(),
    limit_usd: z.number().positive().max(1e9),
    /** `none`: a lifetime budget that never resets. */
    period: z.enum(BUDGET_PERIODS).default("monthly"),
    /**
     * `calendar`: resets at the start of the UTC day / ISO week / month; `rolling`: periods counted
     * from `anchor` (each day, week, or month on the anchor's day; src/governance/windows.ts).
     */
    alignment: z.enum(["calendar", "rolling"]).default("calendar"),
    /**
     * Where rolling periods are counted from (ignored by `calendar`). Absent, it is the budget's
     * creation: an admin budget's POST, a managed entity's `created_at`, or the first time the
     * gateway used a config budget (kept in the records store, so a restart keeps it).
     */
    anchor: z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error: "an ISO 8601 time (2026-12-17T00:00:00Z) or date (2026-12-17, 00:00 UTC)",
      })
      .optional(),
    /** `soft`: alerts only, never refuses. */
    enforcement: z.enum(["hard", "soft"]).default("hard"),
    /** Alert thresholds as fractions of the limit, sent once per period each. */
    alert_at: z.array(z.number().gt(0).lte(1)).max(10).optional(),
  })
  .strict();

/** Allow and deny lists of model names; deny wins; absent allow = every model. */
export const modelAccessSchema = z
  .object({ allow: z.array(z.string()).optional(), deny: z.array(z.string()).optional() })
  .strict();

export type LimitSpec = z.infer<typeof limitSpecSchema>;
export type BudgetSpec = z.infer<typeof budgetSpecSchema>;
export type ModelAccess = z.infer<typeof modelAccessSchema>;

export type PolicyLevel = "key" | "consumer" | "team" | "tenant";

/** One entity's rules, as it applies to the request. */
export interface Policy {
  level: PolicyLevel;
  /** The entity's id (or, for config-file keys, its name). */
  id: string;
  models?: ModelAccess;
  limits?: readonly LimitSpec[];
  budgets?: readonly BudgetSpec[];
}

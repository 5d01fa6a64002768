/**
 * The identity entities and their admin API bodies: tenant → team → consumer → key. Tenants,
 * teams and consumers are named by an id the operator chooses (`support`, `acme`); keys get a
 * generated id (`key_…`) and a secret shown once. Each entity carries the same governance fields:
 * model access (`models` as an allow list or `{allow, deny}`), `limits` and `budget(s)`.
 */
import { z } from "zod";
import {
  type BudgetSpec,
  budgetSpecSchema,
  type LimitSpec,
  limitSpecSchema,
  type ModelAccess,
  modelAccessSchema,
} from "../policy.js";

export const ENTITY_KINDS = ["tenant", "team", "consumer"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Ids travel in URLs and ledger rows: a conservative slug. */
export const entityIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "use letters, digits, '.', '_' or '-' (starting with a letter or digit)",
  );

/** `["gpt-4o-mini"]` is shorthand for `{allow: ["gpt-4o-mini"]}`. */
const modelsField = z
  .union([z.array(z.string().min(1)).max(1000), modelAccessSchema])
  .transform((m): ModelAccess => (Array.isArray(m) ? { allow: m } : m));

/** The governance fields every entity carries. */
const governed = {
  models: modelsField.optional(),
  limits: z.array(limitSpecSchema).max(50).optional(),
  /** One budget; `budgets` for several. */
  budget: budgetSpecSchema.optional(),
  budgets: z.array(budgetSpecSchema).max(20).optional(),
  metadata: z.record(z.string(), z.string().max(1000)).optional(),
};

export const tenantBodySchema = z
  .object({ id: entityIdSchema, name: z.string().max(200).optional(), ...governed })
  .strict();
export const teamBodySchema = z
  .object({
    id: entityIdSchema,
    name: z.string().max(200).optional(),
    tenant: entityIdSchema.optional(),
    ...governed,
  })
  .strict();
export const consumerBodySchema = z
  .object({
    id: entityIdSchema,
    name: z.string().max(200).optional(),
    /** The team (whose tenant the consumer then belongs to)… */
    team: entityIdSchema.optional(),
    /** …or a tenant directly, for a consumer outside any team. */
    tenant: entityIdSchema.optional(),
    ...governed,
  })
  .strict();

export const keyBodySchema = z
  .object({
    name: entityIdSchema,
    consumer: entityIdSchema.optional(),
    /** ISO 8601 time after which the key stops working. */
    expires_at: z.iso.datetime({ offset: true }).optional(),
    ...governed,
  })
  .strict();

export const rotateBodySchema = z
  .object({
    /** How long the old secret keeps working (default 24 h; 0 ends it now). */
    overlap_seconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400),
  })
  .strict();

/** What is stored for a tenant, team or consumer (or declared for one in the config file). */
export interface EntityDoc {
  id: string;
  name?: string;
  tenant?: string;
  team?: string;
  models?: ModelAccess;
  limits?: LimitSpec[];
  budgets?: BudgetSpec[];
  metadata?: Record<string, string>;
  /** Absent for entities declared in the config file, which are not stored. */
  created_at?: string;
  updated_at?: string;
  /** `config`: declared in the config file (read-only through the admin API). */
  source?: "config";
}

export type EntityBody = z.infer<typeof consumerBodySchema>;

/** An admin API body (or a config file entry) as the document it becomes: one `budgets` list. */
export function entityDocOf(body: Partial<EntityBody>): Omit<EntityDoc, "created_at" | "updated_at"> {
  const { models, limits, budget, budgets, metadata, ...rest } = body;
  return { ...(rest as { id: string }), ...governanceOf({ models, limits, budget, budgets, metadata }) };
}

/** A secret of a key: its digest (the lookup id) and when it stops working (rotation overlap). */
export interface SecretRef {
  hash: string;
  prefix: string;
  expires_at?: string;
}

/** What is stored for a key: never its secret, only the digests of its live secrets. */
export interface KeyDoc extends Omit<EntityDoc, "tenant" | "team" | "name"> {
  name: string;
  consumer?: string;
  prefix: string;
  expires_at?: string;
  revoked_at?: string;
  secrets: SecretRef[];
}

/** `budget` and `budgets` in a body become one `budgets` list. */
export function governanceOf(body: {
  models?: ModelAccess | undefined;
  limits?: LimitSpec[] | undefined;
  budget?: BudgetSpec | undefined;
  budgets?: BudgetSpec[] | undefined;
  metadata?: Record<string, string> | undefined;
}): Pick<EntityDoc, "models" | "limits" | "budgets" | "metadata"> {
  const budgets = [...(body.budget ? [body.budget] : []), ...(body.budgets ?? [])];
  return {
    ...(body.models ? { models: body.models } : {}),
    ...(body.limits ? { limits: body.limits } : {}),
    ...(budgets.length ? { budgets } : {}),
    ...(body.metadata ? { metadata: body.metadata } : {}),
  };
}

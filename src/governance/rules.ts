/**
 * Which limits and budgets apply to a request, as counters: the caller's policy chain
 * (`ctx.identity.policies`), the admin API's budget and limit documents for the same entities,
 * and the config's per-model and per-contract-field limits. Each becomes a `Rule` with the
 * counter key of its current window or period.
 */
import { z } from "zod";
import type { RequestContract } from "../canonical/chat.js";
import type { Identity } from "../pipeline/identity.js";
import type { LimitsConfig } from "./config.js";
import {
  type BudgetSpec,
  budgetSpecSchema,
  type LimitMetric,
  type LimitSpec,
  limitSpecSchema,
  type PolicyLevel,
} from "./policy.js";
import { periodAt, type Span, windowAt, windowMs } from "./windows.js";

export const ENTITY_LEVELS = ["key", "consumer", "team", "tenant"] as const;
/** Where a rule's scope comes from; every one is also a ledger dimension. */
export type ScopeLevel = PolicyLevel | "model" | "workflow" | "user" | "sensitivity";

/** Admin documents: a budget or a limit attached to one entity. */
export const scopeSchema = z
  .object({ level: z.enum(ENTITY_LEVELS), id: z.string().min(1).max(256) })
  .strict();
export const budgetDocSchema = budgetSpecSchema.extend({ scope: scopeSchema });
export const limitDocSchema = limitSpecSchema.extend({ scope: scopeSchema });
export type BudgetDoc = z.infer<typeof budgetDocSchema>;
export type LimitDoc = z.infer<typeof limitDocSchema>;

export interface Rule {
  kind: "limit" | "budget";
  level: ScopeLevel;
  scopeId: string;
  /** The limit's or budget's id (given, or derived from its shape). */
  id: string;
  metric: LimitMetric;
  /** In counting units: requests, tokens, or micro-USD. */
  limit: number;
  /** A limit's window (`1m`) or a budget's period (`monthly`). */
  window: string;
  span: Span;
  /** Soft budgets alert and never refuse. */
  hard: boolean;
  alertAt?: readonly number[];
  /** The counter, within the reservation's tag. */
  key: string;
  source: "config" | "identity" | "admin";
}

/** Counter keys may not hold braces (Redis hash tags) and may not start with `~`. */
const safe = (s: string): string => s.replace(/[{}\s]/g, "_");

function limitRule(
  level: ScopeLevel,
  scopeId: string,
  spec: LimitSpec,
  now: number,
  source: Rule["source"],
): Rule {
  const id = spec.id ?? `${spec.metric}/${spec.window}`;
  const span = windowAt(now, windowMs(spec.window));
  const limit = spec.metric === "cost_usd" ? Math.floor(spec.limit * 1e6) : Math.floor(spec.limit);
  return {
    kind: "limit",
    level,
    scopeId,
    id,
    metric: spec.metric,
    limit,
    window: spec.window,
    span,
    hard: true,
    key: `lim:${level}:${safe(scopeId)}:${safe(id)}:${span.start}`,
    source,
  };
}

/** A budget's id: given, or its period. */
const budgetId = (spec: BudgetSpec): string => spec.id ?? spec.period;

/** Where a rolling budget without an `anchor` keeps the one it got on first use (records store). */
export function anchorId(level: ScopeLevel, scopeId: string, spec: BudgetSpec): string {
  return `${level}:${scopeId}:${budgetId(spec)}`;
}

/** Rolling budgets of the caller's policies that name no anchor (config-file keys' budgets). */
export function unanchoredBudgets(identity: Identity | undefined): string[] {
  const out: string[] = [];
  for (const p of identity?.policies ?? [])
    for (const b of p.budgets ?? [])
      if (b.alignment === "rolling" && b.period !== "none" && !b.anchor) out.push(anchorId(p.level, p.id, b));
  return out;
}

/** First-use anchors by `anchorId`, ms since the epoch. */
export type Anchors = ReadonlyMap<string, number>;

function budgetRule(
  level: ScopeLevel,
  scopeId: string,
  spec: BudgetSpec,
  now: number,
  source: Rule["source"],
  anchors: Anchors,
): Rule {
  const id = budgetId(spec);
  // why: the engine resolves every missing anchor before building rules; 0 (the epoch) is only
  // reached by a caller that skipped that, and still gives well-formed periods.
  const anchor = spec.anchor ? Date.parse(spec.anchor) : (anchors.get(anchorId(level, scopeId, spec)) ?? 0);
  const span = periodAt(now, spec, anchor);
  return {
    kind: "budget",
    level,
    scopeId,
    id,
    metric: "cost_usd",
    limit: Math.floor(spec.limit_usd * 1e6),
    window: spec.period,
    span,
    hard: spec.enforcement === "hard",
    ...(spec.alert_at ? { alertAt: spec.alert_at } : {}),
    key: `usd:${level}:${safe(scopeId)}:${safe(id)}:${span.start}`,
    source,
  };
}

/** The entities of an identity, narrowest first, as (level, id) pairs. */
export function entitiesOf(identity: Identity | undefined): Array<{ level: PolicyLevel; id: string }> {
  const out: Array<{ level: PolicyLevel; id: string }> = [];
  const seen = new Set<string>();
  const push = (level: PolicyLevel, id: string | undefined) => {
    if (id === undefined || seen.has(`${level}:${id}`)) return;
    seen.add(`${level}:${id}`);
    out.push({ level, id });
  };
  for (const p of identity?.policies ?? []) push(p.level, p.id);
  push("key", identity?.key);
  push("consumer", identity?.consumer);
  push("team", identity?.team);
  push("tenant", identity?.tenant);
  return out;
}

export interface AdminRules {
  budgets: readonly BudgetDoc[];
  limits: readonly LimitDoc[];
}

/** Every rule that applies to a request by `identity` for `model` with `contract`, at `now`. */
export function applicableRules(
  config: LimitsConfig,
  admin: AdminRules,
  identity: Identity | undefined,
  model: string,
  contract: RequestContract,
  now: number,
  anchors: Anchors = new Map(),
): Rule[] {
  const rules: Rule[] = [];
  for (const p of identity?.policies ?? []) {
    for (const l of p.limits ?? []) rules.push(limitRule(p.level, p.id, l, now, "identity"));
    for (const b of p.budgets ?? []) rules.push(budgetRule(p.level, p.id, b, now, "identity", anchors));
  }
  for (const e of entitiesOf(identity)) {
    for (const d of admin.limits)
      if (d.scope.level === e.level && d.scope.id === e.id)
        rules.push(limitRule(e.level, e.id, d, now, "admin"));
    for (const d of admin.budgets)
      if (d.scope.level === e.level && d.scope.id === e.id)
        rules.push(budgetRule(e.level, e.id, d, now, "admin", anchors));
  }
  for (const l of config.models[model] ?? []) rules.push(limitRule("model", model, l, now, "config"));
  for (const [field, byValue] of Object.entries(config.contract)) {
    const value = contract[field as keyof RequestContract];
    if (typeof value !== "string") continue;
    for (const l of byValue?.[value] ?? [])
      rules.push(limitRule(field as ScopeLevel, value, l, now, "config"));
  }
  // The same rule reached twice (a policy and a document with one id) counts once.
  const byKey = new Map<string, Rule>();
  for (const r of rules) if (!byKey.has(r.key)) byKey.set(r.key, r);
  return [...byKey.values()];
}

const WIDEST_FIRST: readonly PolicyLevel[] = ["tenant", "team", "consumer", "key"];

/**
 * The Redis hash tag of a request's reservation: one tag per identity tree (its widest entity),
 * so every counter of one request shares a Redis Cluster slot and entities above the key are
 * shared by all keys below them. Limits that are not an entity's (per model or contract field)
 * are shared by every caller, so with any configured the whole gateway uses one tag.
 */
export function hashTag(config: LimitsConfig, identity: Identity | undefined): string {
  if (Object.keys(config.models).length || Object.keys(config.contract).length) return "gateway";
  // why: by rank, not list order: a managed key's policy carries its id and the identity its
  // name, so the key appears twice and the last entry is not always the widest.
  const entities = entitiesOf(identity);
  const root = WIDEST_FIRST.map((level) => entities.find((e) => e.level === level)).find(Boolean);
  return safe(root ? `${root.level}:${root.id}` : "anonymous");
}

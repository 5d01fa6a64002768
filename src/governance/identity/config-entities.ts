/**
 * Tenants, teams and consumers declared in the config file (`tenants:`, `teams:`, `consumers:`),
 * so a GitOps user never needs the admin API. They live in the serving config, not the records
 * store: each node serves its own file, a reload applies them, and a config-only gateway opens
 * no database for them. The identity directory reads them before the store (a config entity
 * shadows a stored one of the same id) and the admin API shows them read-only (`source: config`).
 */
import type { KeyConfig } from "../../config/schema.js";
import type { Identity } from "../../pipeline/identity.js";
import type { BudgetSpec, Policy, PolicyLevel } from "../policy.js";
import { type EntityBody, type EntityDoc, type EntityKind, entityDocOf } from "./entities.js";

/** The config file's entity sections, as the root schema parses them. */
export interface EntitySections {
  readonly tenants: readonly Partial<EntityBody>[];
  readonly teams: readonly Partial<EntityBody>[];
  readonly consumers: readonly Partial<EntityBody>[];
}

export interface ConfigEntities {
  get(kind: EntityKind, id: string): EntityDoc | undefined;
  /** In the file's order. */
  list(kind: EntityKind): readonly EntityDoc[];
}

const SECTION: Record<EntityKind, keyof EntitySections> = {
  tenant: "tenants",
  team: "teams",
  consumer: "consumers",
};

const built = new WeakMap<EntitySections, ConfigEntities>();

/** The sections as documents (built once per config object). */
export function configEntities(sections: EntitySections): ConfigEntities {
  let out = built.get(sections);
  if (out) return out;
  const byKind = new Map<EntityKind, EntityDoc[]>();
  const byId = new Map<string, EntityDoc>();
  for (const kind of Object.keys(SECTION) as EntityKind[]) {
    const docs = sections[SECTION[kind]].map((b): EntityDoc => ({ ...entityDocOf(b), source: "config" }));
    byKind.set(kind, docs);
    for (const d of docs) byId.set(`${kind}:${d.id}`, d);
  }
  out = { get: (kind, id) => byId.get(`${kind}:${id}`), list: (kind) => byKind.get(kind) ?? [] };
  built.set(sections, out);
  return out;
}

export const NO_CONFIG_ENTITIES: ConfigEntities = configEntities({ tenants: [], teams: [], consumers: [] });

export function policyOf(
  level: PolicyLevel,
  doc: Pick<EntityDoc, "id" | "models" | "limits" | "budgets"> & { created_at?: string },
): Policy {
  const created = doc.created_at;
  const budgets = created ? doc.budgets?.map((b) => anchored(b, created)) : doc.budgets;
  return {
    level,
    id: doc.id,
    ...(doc.models ? { models: doc.models } : {}),
    ...(doc.limits ? { limits: doc.limits } : {}),
    ...(budgets?.length ? { budgets } : {}),
  };
}

/**
 * A stored entity's rolling budget without an anchor counts its periods from the entity's
 * creation (as LiteLLM's `budget_duration` does from a key's). Config entities have no creation
 * time: their budgets are anchored at first use (governance/anchors.ts).
 */
function anchored(budget: BudgetSpec, createdAt: string): BudgetSpec {
  return budget.alignment === "rolling" && !budget.anchor ? { ...budget, anchor: createdAt } : budget;
}

/**
 * A config-file key's identity: its own policy, then — when its `consumer`, `team` or `tenant`
 * names a declared entity — that entity's chain (consumer → its team → the team's or consumer's
 * tenant), narrowest first. A name no section declares stays a label, as before sections existed.
 */
export function configKeyIdentity(k: KeyConfig, entities: ConfigEntities): Omit<Identity, "models"> {
  const models = Array.isArray(k.models) ? { allow: k.models } : k.models;
  const budgets = [...(k.budget ? [k.budget] : []), ...(k.budgets ?? [])];
  const policies: Policy[] = [
    policyOf("key", {
      id: k.name,
      ...(models ? { models } : {}),
      ...(k.limits ? { limits: k.limits } : {}),
      budgets,
    }),
  ];
  const consumer = k.consumer ? entities.get("consumer", k.consumer) : undefined;
  const teamId = consumer?.team ?? k.team;
  const team = teamId ? entities.get("team", teamId) : undefined;
  const tenantId = team?.tenant ?? consumer?.tenant ?? k.tenant;
  const tenant = tenantId ? entities.get("tenant", tenantId) : undefined;
  if (consumer) policies.push(policyOf("consumer", consumer));
  if (team) policies.push(policyOf("team", team));
  if (tenant) policies.push(policyOf("tenant", tenant));
  return {
    key: k.name,
    ...(k.consumer ? { consumer: k.consumer } : {}),
    ...(teamId ? { team: teamId } : {}),
    ...(tenantId ? { tenant: tenantId } : {}),
    policies,
  };
}

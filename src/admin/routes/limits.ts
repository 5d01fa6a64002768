/**
 * Admin routes of the limits engine: budgets and limits as documents attached to an entity
 * (`/admin/v1/budgets`, `/admin/v1/limits`), what applies to a key and its state
 * (`/admin/v1/limits/explain`), and usage sums from the ledger (`/admin/v1/usage`).
 * The router lists `GET /admin/v1/limits/explain` before `/admin/v1/limits/:id`.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { BUDGET_KIND, LIMIT_KIND } from "../../governance/engine.js";
import { configEntities, configKeyIdentity, policyOf } from "../../governance/identity/config-entities.js";
import { IdentityDirectory } from "../../governance/identity/directory.js";
import type { EntityDoc, EntityKind } from "../../governance/identity/entities.js";
import type { Policy } from "../../governance/policy.js";
import { budgetDocSchema, limitDocSchema } from "../../governance/rules.js";
import type { Identity } from "../../pipeline/identity.js";
import type { GatewayState } from "../../server/gateway-state.js";
import { LEDGER_DIMENSIONS, type LedgerDimension } from "../../state/record-types.js";
import { listPage } from "../paging.js";
import type { AdminRequest, AdminResult, AdminRoute } from "../route.js";

const bad = (
  code: string,
  message: string,
  fields?: Array<{ field: string; message: string }>,
): AdminResult => ({
  status: 400,
  body: { error: { code, message, ...(fields ? { fields } : {}) } },
});

function invalid(error: z.ZodError): AdminResult {
  const fields = error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
  return bad(
    "invalid_body",
    `invalid body: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`,
    fields,
  );
}

const notFound = (what: string, id: string): AdminResult => ({
  status: 404,
  body: { error: { code: "not_found", message: `no ${what} with id '${id}'` } },
});

/**
 * A rolling budget is anchored at its creation unless the body names an anchor: a POST stores
 * now, a PUT keeps the anchor the budget had (or its creation time).
 */
function anchorOf(
  body: object,
  previous: { doc: unknown; createdAt: number } | undefined,
): { anchor?: string } {
  const b = body as { alignment?: string; anchor?: string };
  if (b.alignment !== "rolling" || b.anchor) return {};
  const kept = (previous?.doc as { anchor?: string } | undefined)?.anchor;
  return { anchor: kept ?? new Date(previous?.createdAt ?? Date.now()).toISOString() };
}

/** CRUD for one document kind whose bodies `schema` validates. */
function crud(
  base: string,
  kind: string,
  what: string,
  schema: typeof budgetDocSchema | typeof limitDocSchema,
): AdminRoute[] {
  const save = async (
    r: AdminRequest,
    id: string,
    status: number,
    previous?: { doc: unknown; createdAt: number },
  ): Promise<AdminResult> => {
    const parsed = schema.safeParse(r.body);
    if (!parsed.success) return invalid(parsed.error);
    const doc = { ...parsed.data, ...anchorOf(parsed.data, previous), id };
    await (await r.gw.storage.records()).put(kind, id, doc);
    r.gw.limits?.invalidate();
    return { status, body: doc };
  };
  return [
    {
      method: "GET",
      path: base,
      role: "read",
      async handle(r) {
        return { status: 200, body: await listPage(await r.gw.storage.records(), kind, r.query) };
      },
    },
    {
      method: "POST",
      path: base,
      role: "full",
      async handle(r) {
        const given = (r.body as { id?: unknown } | undefined)?.id;
        const id = typeof given === "string" && given ? given : `${what}_${randomUUID().slice(0, 12)}`;
        const records = await r.gw.storage.records();
        if (await records.get(kind, id))
          return {
            status: 409,
            body: { error: { code: "conflict", message: `a ${what} with id '${id}' exists` } },
          };
        return save(r, id, 201);
      },
    },
    {
      method: "GET",
      path: `${base}/:id`,
      role: "read",
      async handle(r) {
        const id = r.params.id ?? "";
        const found = await (await r.gw.storage.records()).get(kind, id);
        return found ? { status: 200, body: found.doc } : notFound(what, id);
      },
    },
    {
      method: "PUT",
      path: `${base}/:id`,
      role: "full",
      async handle(r) {
        const id = r.params.id ?? "";
        const previous = await (await r.gw.storage.records()).get(kind, id);
        if (!previous) return notFound(what, id);
        return save(r, id, 200, previous);
      },
    },
    {
      method: "DELETE",
      path: `${base}/:id`,
      role: "full",
      async handle(r) {
        const id = r.params.id ?? "";
        const gone = await (await r.gw.storage.records()).delete(kind, id);
        r.gw.limits?.invalidate();
        return gone ? { status: 204 } : notFound(what, id);
      },
    },
  ];
}

/**
 * The identity to explain: a config-file key's (as key-auth builds it), or the query's
 * consumer/team/tenant with the policies of each declared one and of the entities above it
 * (consumer → its team → the tenant), as a managed key of that consumer would carry them.
 * Config entities are read first and need no database; stored ones come from the directory.
 */
export async function identityFor(gw: GatewayState, q: URLSearchParams): Promise<Identity | undefined> {
  const key = q.get("key") ?? undefined;
  const cfg = gw.serving.snapshot.config;
  const declared = configEntities(cfg);
  const configured = key ? cfg.keys.find((k) => k.name === key) : undefined;
  if (configured) {
    const base = configKeyIdentity(configured, declared);
    return { ...base, ...labels(q) };
  }
  let dir: IdentityDirectory | undefined;
  const find = async (kind: EntityKind, id: string | undefined): Promise<EntityDoc | null> => {
    if (!id) return null;
    const found = declared.get(kind, id);
    if (found) return found;
    dir ??= new IdentityDirectory(await gw.storage.records(), declared);
    return dir.get(kind, id);
  };
  const asked = labels(q);
  const consumer = await find("consumer", asked.consumer);
  const teamId = consumer?.team ?? asked.team;
  const team = await find("team", teamId);
  const tenantId = team?.tenant ?? consumer?.tenant ?? asked.tenant;
  const tenant = await find("tenant", tenantId);
  const policies: Policy[] = [];
  if (consumer) policies.push(policyOf("consumer", consumer));
  if (team) policies.push(policyOf("team", team));
  if (tenant) policies.push(policyOf("tenant", tenant));
  const id: Identity = {
    ...(key ? { key } : {}),
    ...asked,
    ...(teamId ? { team: teamId } : {}),
    ...(tenantId ? { tenant: tenantId } : {}),
    ...(policies.length ? { policies } : {}),
  };
  return Object.keys(id).length ? id : undefined;
}

/** The `consumer`, `team` and `tenant` the query names. */
function labels(q: URLSearchParams): Pick<Identity, "consumer" | "team" | "tenant"> {
  const out: Pick<Identity, "consumer" | "team" | "tenant"> = {};
  for (const level of ["consumer", "team", "tenant"] as const) {
    const v = q.get(level);
    if (v) out[level] = v;
  }
  return out;
}

const DIMENSIONS = LEDGER_DIMENSIONS;

/** `2026-12-01`, `2026-12-01T08:00:00Z` or ms since the epoch. */
function time(v: string | null, fallback: number): number | undefined {
  if (v === null || v === "") return fallback;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(n) ? n : undefined;
}

export const LIMITS_ROUTES: AdminRoute[] = [
  {
    method: "GET",
    path: "/admin/v1/limits/explain",
    role: "read",
    async handle(r) {
      const identity = await identityFor(r.gw, r.query);
      if (!identity) return bad("missing_parameter", "give ?key=<key name> (or consumer=, team=, tenant=)");
      if (!r.gw.limits) return { status: 200, body: { data: [] } };
      const contract = r.query.get("workflow") ? { workflow: r.query.get("workflow") as string } : {};
      const data = await r.gw.limits.explain(r.gw, identity, r.query.get("model") ?? "", contract);
      return { status: 200, body: { identity: { ...identity, policies: undefined }, data } };
    },
  },
  {
    method: "GET",
    path: "/admin/v1/usage",
    role: "read",
    async handle(r) {
      const now = Date.now();
      const from = time(r.query.get("from"), now - 30 * 86_400_000);
      const to = time(r.query.get("to"), now + 1);
      if (from === undefined)
        return bad("invalid_parameter", "from: expected an ISO date or ms since the epoch");
      if (to === undefined) return bad("invalid_parameter", "to: expected an ISO date or ms since the epoch");
      const groupBy = (r.query.get("group_by") ?? "").split(",").filter(Boolean);
      const unknown = groupBy.filter((g) => !DIMENSIONS.includes(g as LedgerDimension));
      if (unknown.length)
        return bad(
          "invalid_parameter",
          `group_by: unknown dimension '${unknown[0]}'; use ${DIMENSIONS.join(", ")}`,
        );
      const where: Partial<Record<LedgerDimension, string>> = {};
      for (const d of DIMENSIONS) {
        const v = r.query.get(d);
        if (v !== null) where[d] = v;
      }
      const rows = await (await r.gw.storage.records()).sum({
        from,
        to,
        where,
        groupBy: groupBy as LedgerDimension[],
      });
      return {
        status: 200,
        body: {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          group_by: groupBy,
          data: rows,
        },
      };
    },
  },
  ...crud("/admin/v1/budgets", BUDGET_KIND, "budget", budgetDocSchema),
  ...crud("/admin/v1/limits", LIMIT_KIND, "limit", limitDocSchema),
];

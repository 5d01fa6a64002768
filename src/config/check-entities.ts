/**
 * Cross-checks of the `tenants:`, `teams:` and `consumers:` sections and of config keys that name
 * them: ids are unique per kind, every parent is declared in this file (a config entity never
 * depends on one made through the admin API, so the file alone says what applies), a consumer's
 * team and tenant agree, and a key names only declared entities once a section exists.
 */
import type { RootConfig } from "./schema.js";
import { nearest } from "./suggest.js";

type Add = (path: readonly PropertyKey[], message: string) => void;
type Section = "tenants" | "teams" | "consumers";

function unknown(what: string, id: string, declared: readonly string[]): string {
  const near = nearest(id, declared);
  const hint = near
    ? ` (did you mean '${near}'?)`
    : declared.length
      ? ` (declared: ${declared.slice(0, 10).join(", ")})`
      : "";
  return `unknown ${what} '${id}'${hint}; declare it under '${what === "team" ? "teams" : `${what}s`}'`;
}

export function checkEntities(config: RootConfig, add: Add): void {
  const ids: Record<Section, string[]> = { tenants: [], teams: [], consumers: [] };
  for (const section of ["tenants", "teams", "consumers"] as const) {
    for (const [i, e] of config[section].entries()) {
      if (ids[section].includes(e.id)) add([section, i, "id"], `duplicate id '${e.id}' in ${section}`);
      ids[section].push(e.id);
      checkAllowedModels(config, e.models?.allow ?? [], [section, i, "models"], add);
    }
  }
  const tenantOf = new Map(config.teams.map((t) => [t.id, t.tenant]));
  for (const [i, t] of config.teams.entries())
    if (t.tenant && !ids.tenants.includes(t.tenant))
      add(["teams", i, "tenant"], unknown("tenant", t.tenant, ids.tenants));
  for (const [i, c] of config.consumers.entries()) {
    if (c.team && !ids.teams.includes(c.team))
      add(["consumers", i, "team"], unknown("team", c.team, ids.teams));
    if (c.tenant && !ids.tenants.includes(c.tenant))
      add(["consumers", i, "tenant"], unknown("tenant", c.tenant, ids.tenants));
    const viaTeam = c.team ? tenantOf.get(c.team) : undefined;
    if (c.tenant && viaTeam && viaTeam !== c.tenant)
      add(
        ["consumers", i, "tenant"],
        `'${c.tenant}' contradicts team '${c.team}', which belongs to tenant '${viaTeam}'`,
      );
  }
  checkKeys(config, ids, add);
}

function checkKeys(config: RootConfig, ids: Record<Section, string[]>, add: Add): void {
  const consumers = new Map(config.consumers.map((c) => [c.id, c]));
  for (const [i, k] of config.keys.entries()) {
    const refs = [
      ["consumer", k.consumer, ids.consumers],
      ["team", k.team, ids.teams],
      ["tenant", k.tenant, ids.tenants],
    ] as const;
    // A section left empty keeps the old meaning of the field: a label.
    for (const [field, id, declared] of refs)
      if (id && declared.length && !declared.includes(id))
        add(["keys", i, field], unknown(field, id, declared));
    const c = k.consumer ? consumers.get(k.consumer) : undefined;
    if (c?.team && k.team && k.team !== c.team)
      add(
        ["keys", i, "team"],
        `'${k.team}' contradicts consumer '${c.id}', which belongs to team '${c.team}'`,
      );
  }
}

/** Exact model names in an allow list must be configured. */
export function checkAllowedModels(
  config: RootConfig,
  allow: readonly string[],
  at: PropertyKey[],
  add: Add,
): void {
  // Exact names must exist; `*` patterns (and deny lists) may name models not configured yet.
  for (const m of allow)
    if (!m.endsWith("*") && !config.models.some((x) => x.name === m)) add(at, `unknown model '${m}'`);
}

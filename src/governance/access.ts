/**
 * Model access folded over a chain of policies: a model is usable when every level that has an
 * allow list allows it and no level denies it (deny wins at any level). A name ending in `*`
 * matches by prefix (`gpt-4o*`).
 */
import type { ModelAccess, Policy } from "./policy.js";

const matches = (pattern: string, name: string) =>
  pattern === name || (pattern.endsWith("*") && name.startsWith(pattern.slice(0, -1)));

export function allows(access: ModelAccess, name: string): boolean {
  if (access.deny?.some((p) => matches(p, name))) return false;
  return !access.allow || access.allow.some((p) => matches(p, name));
}

/** The usable subset of `models`; undefined when no policy restricts models (everything). */
export function foldModels(
  policies: readonly Policy[],
  models: Iterable<string>,
): ReadonlySet<string> | undefined {
  const rules = policies.map((p) => p.models).filter((m): m is ModelAccess => m !== undefined);
  if (rules.length === 0) return undefined;
  const out = new Set<string>();
  for (const name of models) if (rules.every((r) => allows(r, name))) out.add(name);
  return out;
}

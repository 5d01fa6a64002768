/**
 * PATCH bodies of the admin API: a field given replaces the stored one, a field left out stays,
 * and a field given as `null` is cleared (JSON Merge Patch's rule, RFC 7386, at the top level),
 * so `{"expires_at": null}` makes a key last forever and `{"budget": null}` drops its budgets.
 */
import { z } from "zod";

/** The create schema with `omit` removed and every other field optional and nullable. */
export function patchSchemaOf<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
  omit: readonly (keyof S & string)[],
): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    if (omit.includes(name)) continue;
    shape[name] = (field as z.ZodType).nullable().optional();
  }
  return z.object(shape).strict() as unknown as z.ZodType<Record<string, unknown>>;
}

/** Where a body field is stored: `budget` and `budgets` are both the stored `budgets` list. */
const STORED_AS: Record<string, string> = { budget: "budgets" };

/** The fields to set (no nulls) and the stored fields to clear. */
export function splitPatch(body: Record<string, unknown>): { set: Record<string, unknown>; clear: string[] } {
  const set: Record<string, unknown> = {};
  const clear = new Set<string>();
  for (const [name, value] of Object.entries(body)) {
    if (value === null) clear.add(STORED_AS[name] ?? name);
    else if (value !== undefined) set[name] = value;
  }
  return { set, clear: [...clear] };
}

/** `old` with `clear` removed, then `patch` laid over it. */
export function applyPatch<T extends object>(old: T, patch: Partial<T>, clear: readonly string[]): T {
  const next = { ...old } as Record<string, unknown>;
  for (const name of clear) delete next[name];
  return Object.assign(next, patch) as T;
}

/**
 * Reading zod schemas as data: the keys an object at a config path accepts (for "did you mean"),
 * and every number setting in a schema (for the bounds test). Only the schema kinds the config
 * uses are followed; anything else ends the walk.
 */
import type { z } from "zod";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/default/prefault/nullable/readonly wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let d = defOf(s); d.innerType && d.type !== "object"; d = defOf(s)) s = d.innerType;
  const d = defOf(s);
  return d.type === "pipe" && d.in ? unwrap(d.in) : s;
}

/** The schema that validates the value at `path`, when the walk can tell. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!s) return undefined;
    const d = defOf(s);
    if (d.type === "object" && typeof seg === "string") s = d.shape?.[seg];
    else if (d.type === "array") s = d.element;
    else if (d.type === "record") s = d.valueType;
    else return undefined;
    s = s && unwrap(s);
  }
  return s;
}

/** The keys an object schema accepts (empty when the schema is not an object). */
export function objectKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const d = defOf(unwrap(schema));
  return d.type === "object" && d.shape ? Object.keys(d.shape) : [];
}

/** Every number setting in a schema: its dotted path (`[]` for array items, `*` for record values). */
export function numberSettings(schema: z.ZodType, path = ""): Array<{ path: string; schema: z.ZodType }> {
  const s = unwrap(schema);
  const d = defOf(s);
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if (d.type === "number") return [{ path, schema: s }];
  if (d.type === "object")
    return Object.entries(d.shape ?? {}).flatMap(([k, v]) => numberSettings(v, join(k)));
  if (d.type === "array" && d.element) return numberSettings(d.element, `${path}[]`);
  if (d.type === "record" && d.valueType) return numberSettings(d.valueType, join("*"));
  if (d.type === "union") return (d.options ?? []).flatMap((o) => numberSettings(o, path));
  return [];
}

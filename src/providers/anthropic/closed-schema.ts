/**
 * Claude's structured outputs (on Anthropic, Vertex and Bedrock, and Nova's on Bedrock) compile
 * closed objects only: every object schema must say `additionalProperties: false`, or the API
 * answers 400. OpenAI clients often leave it out (it is required only in OpenAI's strict mode),
 * so a missing one is added here, as Anthropic's own SDK does before it sends a schema
 * (lib/transform-json-schema). An object the client declared open cannot be honoured: the
 * caller refuses it by the path this returns.
 */
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys whose value is a map of sub-schemas. */
const SCHEMA_MAPS = ["properties", "$defs", "definitions", "patternProperties"] as const;
/** Keys whose value is a sub-schema or a list of them. */
const SCHEMA_KEYS = ["items", "anyOf", "allOf", "oneOf", "not", "prefixItems"] as const;

export interface ClosedSchema {
  schema: Json;
  /** Where the client declared an object open (`additionalProperties` not false), if anywhere. */
  open?: string;
}

/** A copy of `schema` with every object closed; the input is not changed. */
export function closeObjects(schema: Json): ClosedSchema {
  let open: string | undefined;
  const walk = (node: Json, at: string): Json => {
    const out: Json = { ...node };
    for (const key of SCHEMA_MAPS) {
      const map = node[key];
      if (!isObj(map)) continue;
      out[key] = Object.fromEntries(
        Object.entries(map).map(([k, v]) => [k, isObj(v) ? walk(v, `${at}.${key}.${k}`) : v]),
      );
    }
    for (const key of SCHEMA_KEYS) {
      const v = node[key];
      if (Array.isArray(v)) out[key] = v.map((s, i) => (isObj(s) ? walk(s, `${at}.${key}[${i}]`) : s));
      else if (isObj(v)) out[key] = walk(v, `${at}.${key}`);
    }
    const isObject = node.type === "object" || (Array.isArray(node.type) && node.type.includes("object"));
    if (isObject) {
      if (node.additionalProperties === undefined) out.additionalProperties = false;
      else if (node.additionalProperties !== false) open ??= at;
    }
    return out;
  };
  const closed = walk(schema, "schema");
  return open === undefined ? { schema: closed } : { schema: closed, open };
}

/** The refusal's detail for a schema with an open object at `at`. */
export function openObjectDetail(at: string): string {
  return `structured outputs accept closed objects only, and ${at} allows additional properties; set additionalProperties to false`;
}

/**
 * JSON Schema → the OpenAPI 3.0 schema subset Gemini accepts for function parameters and
 * `responseSchema` (https://ai.google.dev/api/caching#Schema). Gemini refuses unknown keywords with
 * a 400, so anything outside the subset is removed here.
 */
import { isRecord } from "../../wire/json.js";
import { inlineRefs } from "./inline-refs.js";
import type { GeminiSchema } from "./wire.js";

/** Keywords of Gemini's `Schema` message, kept as they are (children are converted). */
const KEPT = new Set([
  "type",
  "format",
  "title",
  "description",
  "nullable",
  "enum",
  "maxItems",
  "minItems",
  "properties",
  "required",
  "minProperties",
  "maxProperties",
  "minLength",
  "maxLength",
  "pattern",
  "example",
  "anyOf",
  "propertyOrdering",
  "default",
  "items",
  "minimum",
  "maximum",
]);

/**
 * Keywords removed without a warning because dropping them does not change what Gemini produces:
 * `additionalProperties: false` (Gemini never adds properties outside `properties`), and
 * annotations (`$schema`, `$id`, `$comment`, `strict`, `examples`).
 */
const HARMLESS = new Set(["$schema", "$id", "$comment", "strict", "examples"]);

/**
 * Converts a JSON Schema into Gemini's subset, local `$ref`s inlined first. `dropped` collects the
 * JSON paths of keywords that were removed and may change the meaning (the caller warns).
 */
export function toGeminiSchema(schema: Record<string, unknown>, dropped: string[]): GeminiSchema {
  return toSubset(inlineRefs(schema, dropped), dropped, "$");
}

function toSubset(schema: Record<string, unknown>, dropped: string[], path: string): GeminiSchema {
  const out: GeminiSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    const at = `${path}.${key}`;
    if (key === "type" && Array.isArray(value)) {
      // JSON Schema `["string","null"]` → OpenAPI `type: string, nullable: true`.
      const types = value.filter((t) => t !== "null");
      if (types.length !== value.length) out.nullable = true;
      if (types.length === 1) out.type = types[0];
      else if (types.length > 1) out.anyOf = types.map((t) => ({ type: t }));
    } else if (key === "const") {
      out.enum = [value];
    } else if (key === "properties" && isRecord(value)) {
      const props: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(value)) {
        props[name] = isRecord(sub) ? toSubset(sub, dropped, `${at}.${name}`) : sub;
      }
      out.properties = props;
    } else if (key === "items" && isRecord(value)) {
      out.items = toSubset(value, dropped, at);
    } else if (key === "anyOf" && Array.isArray(value)) {
      out.anyOf = value.map((s, i) => (isRecord(s) ? toSubset(s, dropped, `${at}[${i}]`) : s));
    } else if (KEPT.has(key)) {
      out[key] = value;
    } else if (!(HARMLESS.has(key) || (key === "additionalProperties" && value === false))) {
      dropped.push(at);
    }
  }
  return out;
}

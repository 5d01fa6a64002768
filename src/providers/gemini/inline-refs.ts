/**
 * Inlines local JSON Schema references (`$ref: "#/$defs/X"`, `#/definitions/X`, any `#/…` pointer
 * into the same document), because Gemini's `Schema` (https://ai.google.dev/api/caching#Schema)
 * has no `$ref`: stripping the reference leaves the property as `{}`, a tool the model cannot call
 * correctly (fixture requests/tool-ref-defs.json, shaped like Pydantic's `model_json_schema()`).
 */
import { isRecord } from "../../wire/json.js";

/** How many references deep a recursive schema is unrolled before the rest is cut. */
const MAX_DEPTH = 8;

/** Returns `schema` with its local references replaced by what they point to. */
export function inlineRefs(schema: Record<string, unknown>, cut: string[]): Record<string, unknown> {
  return walk(schema, schema, cut, "$", 0) as Record<string, unknown>;
}

function walk(
  node: unknown,
  root: Record<string, unknown>,
  cut: string[],
  at: string,
  depth: number,
): unknown {
  if (Array.isArray(node)) return node.map((n, i) => walk(n, root, cut, `${at}[${i}]`, depth));
  if (!isRecord(node)) return node;
  if (typeof node.$ref === "string") {
    const { $ref, ...siblings } = node;
    const target = depth < MAX_DEPTH ? resolve(root, $ref) : undefined;
    if (!target) {
      // A remote or too deeply recursive reference cannot be inlined; the caller warns.
      cut.push(`${at}.$ref`);
      return walk(siblings, root, cut, at, depth);
    }
    return walk({ ...target, ...siblings }, root, cut, at, depth + 1);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // The definitions themselves are not sent: everything that used them now holds a copy.
    if (node === root && (k === "$defs" || k === "definitions")) continue;
    out[k] = walk(v, root, cut, `${at}.${k}`, depth);
  }
  return out;
}

/** A JSON Pointer (RFC 6901) into the same document, or undefined. */
function resolve(root: Record<string, unknown>, ref: string): Record<string, unknown> | undefined {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return isRecord(node) ? node : undefined;
}

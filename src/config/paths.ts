/**
 * Config paths as people read them: `models[claude-sonnet].targets[0].provider` rather than
 * `models.3.targets.0.provider`. Models and keys are named by their `name` when it is unique.
 */
import type { ConfigPath } from "./secrets.js";

/** Top-level lists whose items are named by their `name` field. */
const NAMED_LISTS = new Set(["models", "keys"]);

/** Formats a path into the raw config tree; the tree supplies the names. */
export function formatPath(path: readonly PropertyKey[], raw: unknown): string {
  let out = "";
  for (const [i, seg] of path.entries()) {
    if (typeof seg === "number") out += `[${i === 1 ? (itemName(raw, path[0], seg) ?? seg) : seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || "(root)";
}

function itemName(raw: unknown, list: PropertyKey | undefined, index: number): string | undefined {
  if (typeof list !== "string" || !NAMED_LISTS.has(list) || !raw || typeof raw !== "object") return undefined;
  const items = (raw as Record<string, unknown>)[list];
  if (!Array.isArray(items)) return undefined;
  const name = (items[index] as { name?: unknown } | undefined)?.name;
  if (typeof name !== "string" || !name) return undefined;
  const same = items.filter((x) => (x as { name?: unknown } | undefined)?.name === name).length;
  return same === 1 ? name : undefined;
}

/** True when `path` is `prefix` or lies under it. */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

export type { ConfigPath };

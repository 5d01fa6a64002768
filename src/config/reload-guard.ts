/**
 * What a reload must not do by accident: replace a serving config with one that has no models, or
 * no way in (no keys while `auth.mode` is `keys`). Editors that save in place and partial copies
 * leave an empty or truncated file for a moment; such a file parses (an empty file is `{}`), so
 * validation alone lets every request get 401 until the next save. Taking everything away stays
 * possible, but only when the file says so: `models: []`, `keys: []`.
 */
import type { RootConfig } from "./schema.js";

/** Top-level keys the file itself wrote (not filled in by defaults). */
function declared(raw: unknown): Set<string> {
  return new Set(raw && typeof raw === "object" ? Object.keys(raw) : []);
}

/** Why `next` must not replace `current`, or undefined when the reload may go ahead. */
export function reloadRefusal(current: RootConfig, next: RootConfig, raw: unknown): string | undefined {
  const keys = declared(raw);
  if (keys.size === 0) return "the new file is empty (a save in progress or a partial copy?)";
  if (current.models.length > 0 && next.models.length === 0 && !keys.has("models")) {
    return (
      `the new file has no models (the serving config has ${current.models.length}); ` +
      "write `models: []` to remove them all on purpose"
    );
  }
  const open = (c: RootConfig) => c.auth.mode === "none" || c.keys.length > 0;
  if (open(current) && !open(next) && !keys.has("keys")) {
    return (
      "the new file has no keys while auth.mode is keys, so every request would get 401; " +
      "write `keys: []` to close the gateway on purpose"
    );
  }
  return undefined;
}

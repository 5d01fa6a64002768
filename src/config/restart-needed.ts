/**
 * Which changed settings a reload cannot apply. A reload swaps the snapshot that request handlers
 * read (providers, models, keys, auth, `server.body_limit`, the admin tokens); the listening sockets, the shutdown
 * timer's grace, the admin port, the logger, the observability sinks and the stores (`storage`) are built once at start,
 * so changes to them wait for a restart and the reload log says so.
 */
import { isDeepStrictEqual } from "node:util";
import type { RootConfig } from "./schema.js";

/**
 * Settings fixed at start. A whole section is compared key by key, so the answer names the
 * setting (`observability.database`), never a value (values can hold resolved secrets).
 */
const FIXED_AT_START: ReadonlyArray<readonly string[]> = [
  ["server", "host"],
  ["server", "port"],
  ["server", "shutdown_grace_ms"],
  // The admin tokens are read from the serving snapshot on every admin call, so they apply at once.
  ["admin", "enabled"],
  ["admin", "host"],
  ["admin", "port"],
  ["logging"],
  ["observability"],
  ["storage"],
  // The usage-ledger writer's batching is set up once; the rest of `limits` applies per request.
  ["limits", "ledger"],
];

const at = (value: unknown, key: string): unknown =>
  value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;

/** The paths of settings that differ between `current` and `next` and need a restart, in order. */
export function settingsNeedingRestart(current: RootConfig, next: RootConfig): string[] {
  const out: string[] = [];
  for (const path of FIXED_AT_START) {
    const a = path.reduce<unknown>(at, current);
    const b = path.reduce<unknown>(at, next);
    if (isDeepStrictEqual(a, b)) continue;
    if (path.length > 1) {
      out.push(path.join("."));
      continue;
    }
    // A section: name each of its settings that changed.
    const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    for (const k of [...keys].sort()) if (!isDeepStrictEqual(at(a, k), at(b, k))) out.push(`${path[0]}.${k}`);
  }
  return out;
}

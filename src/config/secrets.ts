/**
 * Secret references: `{env://NAME}` and `{file:///path}`, anywhere a string goes in the config
 * (whole value or embedded, e.g. `"Bearer {env://TOKEN}"`). Resolved once at load; a missing
 * reference is a config error naming the path, never a silent empty string. A string that only
 * looks like a reference (`{env:X}`, `${X}`) is an error too, never a literal key.
 */
import { readFileSync } from "node:fs";
import { findLookalike } from "./secret-lookalikes.js";

const REF = /\{(env|file):\/\/([^}]*)\}/g;

/** Deeper than this is not a config someone wrote; refusing it keeps the walk off the stack limit. */
export const MAX_DEPTH = 32;

export type ConfigPath = (string | number)[];

export interface SecretProblem {
  path: ConfigPath;
  message: string;
}

/** Resolves every reference in a parsed config tree. Returns a new tree; collects problems by path. */
export function resolveSecrets(
  value: unknown,
  env: NodeJS.ProcessEnv,
  problems: SecretProblem[],
  path: ConfigPath = [],
  ancestors: Set<object> = new Set(),
): unknown {
  if (typeof value === "string") return resolveString(value, env, problems, path);
  if (!value || typeof value !== "object") return value;
  if (ancestors.has(value)) {
    problems.push({ path, message: "refers to itself (a cycle)" });
    return undefined;
  }
  if (path.length >= MAX_DEPTH) {
    problems.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
    return undefined;
  }
  ancestors.add(value);
  const walk = (v: unknown, k: string | number) => resolveSecrets(v, env, problems, [...path, k], ancestors);
  let out: unknown;
  if (Array.isArray(value)) out = value.map(walk);
  else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) obj[k] = walk(v, k);
    out = obj;
  }
  ancestors.delete(value);
  return out;
}

function resolveString(value: string, env: NodeJS.ProcessEnv, problems: SecretProblem[], path: ConfigPath) {
  let failed = false;
  const resolved = value.replace(REF, (ref: string, scheme: string, target: string) => {
    const message = scheme === "env" ? fromEnv(target, env) : fromFile(target);
    if (message.ok) return message.value;
    failed = true;
    problems.push({ path, message: `secret reference ${ref} ${message.why}` });
    return "";
  });
  if (failed) return resolved;
  // Look only at what is left once the real references are gone, so `{env://X}` never matches.
  const lookalike = findLookalike(value.replace(REF, ""));
  if (lookalike) {
    problems.push({
      path,
      message: `"${lookalike.fragment}" looks like a secret reference but is not one; did you mean ${lookalike.suggestion}?`,
    });
  }
  return resolved;
}

type Lookup = { ok: true; value: string } | { ok: false; why: string };

function fromEnv(name: string, env: NodeJS.ProcessEnv): Lookup {
  if (!name) return { ok: false, why: "names no variable" };
  const v = env[name];
  return v === undefined || v === "" ? { ok: false, why: "is not set" } : { ok: true, value: v };
}

function fromFile(target: string): Lookup {
  try {
    const text = readFileSync(target.startsWith("/") ? target : `/${target}`, "utf8");
    return { ok: true, value: text.replace(/\r?\n$/, "") };
  } catch (err) {
    return { ok: false, why: `cannot be read (${(err as NodeJS.ErrnoException).code ?? "unreadable"})` };
  }
}

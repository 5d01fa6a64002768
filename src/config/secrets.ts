/**
 * Secret references: `{env://NAME}` and `{file:///path}`, anywhere a string goes in the config
 * (whole value or embedded, e.g. `"Bearer {env://TOKEN}"`). Resolved once at load; a missing
 * reference is a config error naming the path, never a silent empty string.
 */
import { readFileSync } from "node:fs";

const REF = /\{(env|file):\/\/([^}]*)\}/g;

export interface SecretProblem {
  path: string;
  message: string;
}

/** Resolves every reference in a parsed config tree. Returns a new tree; collects problems by path. */
export function resolveSecrets(
  value: unknown,
  env: NodeJS.ProcessEnv,
  problems: SecretProblem[],
  path: (string | number)[] = [],
): unknown {
  if (typeof value === "string") return resolveString(value, env, problems, path);
  if (Array.isArray(value)) return value.map((v, i) => resolveSecrets(v, env, problems, [...path, i]));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveSecrets(v, env, problems, [...path, k]);
    return out;
  }
  return value;
}

function resolveString(
  value: string,
  env: NodeJS.ProcessEnv,
  problems: SecretProblem[],
  path: (string | number)[],
): string {
  if (value.indexOf("://") === -1) return value;
  return value.replace(REF, (ref: string, scheme: string, target: string) => {
    if (scheme === "env") {
      const v = env[target];
      if (v === undefined || v === "") {
        problems.push({ path: path.join("."), message: `secret reference ${ref} is not set` });
        return "";
      }
      return v;
    }
    try {
      return readFileSync(target.startsWith("/") ? target : `/${target}`, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
      problems.push({ path: path.join("."), message: `secret reference ${ref} cannot be read (${code})` });
      return "";
    }
  });
}

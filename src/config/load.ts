/**
 * Loading: file → YAML/JSON → secrets resolved → validated (root schema, then each provider's own
 * schema from the registry, then cross-references) → every problem listed by path.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { PROVIDERS } from "../providers/registry.js";
import { checkPlugins, type PluginSchemas } from "./plugins.js";
import { type RootConfig, rootSchema } from "./schema.js";
import { resolveSecrets, type SecretProblem } from "./secrets.js";

export type LoadResult = { ok: true; config: RootConfig } | { ok: false; problems: string[] };

/** Reads and validates a config file. Never throws for a bad file: problems are returned. */
export function loadConfigFile(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  plugins?: PluginSchemas,
): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    return { ok: false, problems: [`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`] };
  }
  return loadConfigText(text, env, plugins);
}

export function loadConfigText(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  plugins?: PluginSchemas,
): LoadResult {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true }) ?? {};
  } catch (err) {
    return { ok: false, problems: [`config is not valid YAML or JSON: ${(err as Error).message}`] };
  }
  return validateConfig(raw, env, plugins);
}

/** `plugins`: the registry whose schemas validate `plugins:` entries (built-ins by default). */
export function validateConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = process.env,
  plugins?: PluginSchemas,
): LoadResult {
  const secretProblems: SecretProblem[] = [];
  const resolved = resolveSecrets(raw, env, secretProblems);
  const problems = secretProblems.map((p) => `${p.path}: ${p.message}`);
  const root = rootSchema.safeParse(resolved);
  if (!root.success) return { ok: false, problems: [...problems, ...issues(root.error, [])] };
  const config = root.data;
  for (const [name, section] of Object.entries(config.providers)) {
    const def = PROVIDERS.get(section.type);
    if (!def) {
      const known = [...PROVIDERS.keys()].join(", ");
      problems.push(`providers.${name}.type: unknown provider type '${section.type}' (known: ${known})`);
      continue;
    }
    const parsed = def.schema.safeParse(section);
    if (!parsed.success) problems.push(...issues(parsed.error, ["providers", name]));
    else config.providers[name] = parsed.data;
  }
  checkModels(config, problems);
  checkKeys(config, problems);
  checkPlugins(config, plugins, problems);
  return problems.length ? { ok: false, problems } : { ok: true, config };
}

function checkModels(config: RootConfig, problems: string[]): void {
  const seen = new Set<string>();
  for (const [i, model] of config.models.entries()) {
    if (seen.has(model.name)) problems.push(`models.${i}.name: duplicate model name '${model.name}'`);
    seen.add(model.name);
    for (const [j, target] of model.targets.entries()) {
      const section = config.providers[target.provider];
      if (!section) {
        const known = Object.keys(config.providers).join(", ") || "none configured";
        problems.push(
          `models.${i}.targets.${j}.provider: unknown provider '${target.provider}' (known: ${known})`,
        );
        continue;
      }
      const targetSchema = PROVIDERS.get(section.type)?.targetSchema;
      if (!targetSchema) continue;
      const parsed = targetSchema.safeParse(target);
      if (!parsed.success) problems.push(...issues(parsed.error, ["models", i, "targets", j]));
    }
  }
}

function checkKeys(config: RootConfig, problems: string[]): void {
  const names = new Set<string>();
  const secrets = new Set<string>();
  for (const [i, key] of config.keys.entries()) {
    if (names.has(key.name)) problems.push(`keys.${i}.name: duplicate key name '${key.name}'`);
    if (secrets.has(key.key)) problems.push(`keys.${i}.key: the same key value is configured twice`);
    names.add(key.name);
    secrets.add(key.key);
    for (const m of key.models ?? []) {
      if (!config.models.some((x) => x.name === m)) problems.push(`keys.${i}.models: unknown model '${m}'`);
    }
  }
}

/** zod issues → `path.to.field: message` lines, prefixed with where the section sits. */
function issues(error: z.ZodError, prefix: (string | number)[]): string[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))].join(".");
    return `${path || "(root)"}: ${issue.message}`;
  });
}

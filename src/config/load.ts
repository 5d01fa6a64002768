/**
 * Loading: file (size-limited) → YAML/JSON → secrets resolved → validated (root schema, then each
 * provider's own schema from the registry, then cross-references) → every problem listed by path,
 * models and keys named by name (`models[claude-sonnet].targets[0]`).
 */

import type { z } from "zod";
import { PROVIDERS } from "../providers/registry.js";
import { targetRoutingShape } from "../router/config.js";
import { checkAllowedModels, checkEntities } from "./check-entities.js";
import { parseConfigText } from "./parse.js";
import { formatPath, isUnder } from "./paths.js";
import { checkPlugins, type PluginSchemas } from "./plugins.js";
import { preflight } from "./preflight.js";
import { readConfigFile } from "./read-file.js";
import { type RootConfig, rootSchema } from "./schema.js";
import { objectKeys, schemaAt } from "./schema-walk.js";
import { resolveSecrets, type SecretProblem } from "./secrets.js";
import { nearest, unknownKeyMessage } from "./suggest.js";
import { targetIds } from "./target-ids.js";

export type LoadResult = { ok: true; config: RootConfig; raw: unknown } | { ok: false; problems: string[] };

export interface LoadOptions {
  /** Largest file accepted, in bytes (default 4 MiB); checked before the file is read. */
  maxBytes?: number;
  /** Schemas for `plugins:` entries (the built-in registry by default). */
  plugins?: PluginSchemas;
}

/** Reads and validates a config file. Never throws for a bad file: problems are returned. */
export function loadConfigFile(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  opts: LoadOptions = {},
): LoadResult {
  const read = readConfigFile(file, opts.maxBytes);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const loaded = loadConfigText(read.text, env, opts.plugins);
  const problems = loaded.ok ? preflight(loaded.config) : [];
  return problems.length ? { ok: false, problems } : loaded;
}

/** Parses and validates config text (YAML or JSON). Never throws. */
export function loadConfigText(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  plugins?: PluginSchemas,
): LoadResult {
  const parsed = parseConfigText(text);
  return parsed.ok ? validateConfig(parsed.value, env, plugins) : parsed;
}

/**
 * Validates an already-parsed config tree. Never throws. `plugins`: the registry whose schemas
 * validate `plugins:` entries (built-ins by default).
 */
export function validateConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = process.env,
  plugins?: PluginSchemas,
): LoadResult {
  const secretProblems: SecretProblem[] = [];
  const resolved = resolveSecrets(raw, env, secretProblems);
  const problems = new Problems(raw, secretProblems);
  const root = rootSchema.safeParse(resolved);
  if (!root.success) {
    problems.zod(root.error, rootSchema, []);
    return { ok: false, problems: problems.list };
  }
  const config = root.data;
  for (const [name, section] of Object.entries(config.providers)) {
    const def = PROVIDERS.get(section.type);
    if (!def) {
      const known = [...PROVIDERS.keys()].join(", ");
      problems.add(["providers", name, "type"], `unknown provider type '${section.type}' (known: ${known})`);
      continue;
    }
    const parsed = def.schema.safeParse(section);
    if (!parsed.success) problems.zod(parsed.error, def.schema, ["providers", name]);
    else config.providers[name] = parsed.data;
  }
  checkListeners(config, problems);
  checkModels(config, problems);
  checkAliases(config, problems);
  checkCatchAll(config, problems);
  checkRoutes(config, problems);
  checkKeys(config, problems);
  checkEntities(config, (path, message) => problems.add(path, message));
  checkPlugins(config, plugins, problems.list);
  return problems.list.length ? { ok: false, problems: problems.list } : { ok: true, config, raw };
}

const WILDCARDS = new Set(["0.0.0.0", "::"]);

/** The proxy and admin servers cannot share a port on an address both listen on. */
function checkListeners(config: RootConfig, problems: Problems): void {
  const { server, admin } = config;
  if (!admin.enabled || admin.port === 0 || admin.port !== server.port) return;
  const overlap = admin.host === server.host || WILDCARDS.has(admin.host) || WILDCARDS.has(server.host);
  if (overlap)
    problems.add(
      ["admin", "port"],
      `${admin.port} is also server.port; the admin server needs a port of its own`,
    );
}

/** Base fields every target has; a provider's target schema adds its own. */
const TARGET_KEYS = ["provider", "model", "price", ...Object.keys(targetRoutingShape)];

function checkModels(config: RootConfig, problems: Problems): void {
  const seen = new Set<string>();
  for (const [i, model] of config.models.entries()) {
    if (seen.has(model.name)) problems.add(["models", i, "name"], `duplicate model name '${model.name}'`);
    seen.add(model.name);
    for (const [j, target] of model.targets.entries()) {
      const at = ["models", i, "targets", j];
      const section = config.providers[target.provider];
      if (!section) {
        const known = Object.keys(config.providers).join(", ") || "none configured";
        problems.add([...at, "provider"], `unknown provider '${target.provider}' (known: ${known})`);
        continue;
      }
      const targetSchema = PROVIDERS.get(section.type)?.targetSchema;
      const allowed = [...TARGET_KEYS, ...objectKeys(targetSchema)];
      for (const key of Object.keys(target).filter((k) => !allowed.includes(k)))
        problems.add([...at, key], unknownKeyMessage(key, allowed, `a ${section.type} target takes`));
      const parsed = targetSchema?.safeParse(target);
      if (parsed && !parsed.success) problems.zod(parsed.error, targetSchema!, at);
    }
  }
}

/** An alias may not shadow a model or another alias. */
function checkAliases(config: RootConfig, problems: Problems): void {
  const names = new Set(config.models.map((m) => m.name));
  const owner = new Map<string, string>();
  for (const [i, model] of config.models.entries()) {
    for (const [j, alias] of (model.aliases ?? []).entries()) {
      const at = ["models", i, "aliases", j];
      if (names.has(alias)) problems.add(at, `alias '${alias}' is already a model's name`);
      else if (owner.has(alias))
        problems.add(at, `alias '${alias}' is already an alias of model '${owner.get(alias)}'`);
      owner.set(alias, model.name);
    }
  }
}

/**
 * The semantic balancer's `catch_all` names one of the model's targets by id; a typo would
 * otherwise silently fall back to list order for every request below the threshold.
 */
function checkCatchAll(config: RootConfig, problems: Problems): void {
  for (const [i, model] of config.models.entries()) {
    const b = model.balancer;
    if (b.algorithm !== "semantic" || b.catch_all === undefined) continue;
    const ids = targetIds(model.targets);
    if (ids.includes(b.catch_all)) continue;
    const near = nearest(b.catch_all, ids);
    problems.add(
      ["models", i, "balancer", "catch_all"],
      near
        ? `unknown target '${b.catch_all}'; did you mean '${near}'?`
        : `unknown target '${b.catch_all}' (the model's targets: ${ids.join(", ")})`,
    );
  }
}

/** Route names are unique and each route's model is configured. */
function checkRoutes(config: RootConfig, problems: Problems): void {
  const known = new Set([
    ...config.models.map((m) => m.name),
    ...config.models.flatMap((m) => m.aliases ?? []),
  ]);
  const seen = new Set<string>();
  for (const [i, route] of config.routes.entries()) {
    if (seen.has(route.name)) problems.add(["routes", i, "name"], `duplicate route name '${route.name}'`);
    seen.add(route.name);
    if (!known.has(route.model)) {
      const list = [...known].join(", ") || "none are configured";
      problems.add(["routes", i, "model"], `unknown model '${route.model}' (configured: ${list})`);
    }
  }
}

function checkKeys(config: RootConfig, problems: Problems): void {
  const names = new Set<string>();
  const secrets = new Set<string>();
  for (const [i, key] of config.keys.entries()) {
    if (names.has(key.name)) problems.add(["keys", i, "name"], `duplicate key name '${key.name}'`);
    if (secrets.has(key.key)) problems.add(["keys", i, "key"], "the same key value is configured twice");
    names.add(key.name);
    secrets.add(key.key);
    const allow = Array.isArray(key.models) ? key.models : (key.models?.allow ?? []);
    checkAllowedModels(config, allow, ["keys", i, "models"], (path, message) => problems.add(path, message));
  }
}

/**
 * The problem list. A value whose secret reference failed gets that one problem only: the empty
 * string it resolved to would otherwise add a misleading "required" or "too short" as well.
 */
class Problems {
  readonly list: string[] = [];
  private readonly secretPaths: string[];

  constructor(
    private readonly raw: unknown,
    secretProblems: SecretProblem[],
  ) {
    this.secretPaths = secretProblems.map((p) => formatPath(p.path, raw));
    for (const [i, p] of secretProblems.entries()) this.list.push(`${this.secretPaths[i]}: ${p.message}`);
  }

  add(path: readonly PropertyKey[], message: string): void {
    const at = formatPath(path, this.raw);
    if (!this.secretPaths.some((s) => isUnder(at, s))) this.list.push(`${at}: ${message}`);
  }

  /** zod issues of `schema`, which validated the section found at `prefix`. */
  zod(error: z.ZodError, schema: z.ZodType, prefix: readonly PropertyKey[]): void {
    for (const issue of error.issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === "unrecognized_keys") {
        const known = objectKeys(schemaAt(schema, issue.path));
        for (const key of issue.keys) this.add([...path, key], unknownKeyMessage(key, known));
      } else this.add(path, issue.message);
    }
  }
}

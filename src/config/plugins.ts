/**
 * `plugins:` entries (global and per model): each is validated by its plugin's own schema, from the
 * registry, and problems are reported by the plugin's name (`plugins[max-tokens].config.max`).
 * The validated config replaces the raw one, so the runtime gets parsed values (defaults filled).
 */
import type { z } from "zod";
import { BUILTIN_PLUGINS } from "../plugins/registry.js";
import type { RootConfig } from "./schema.js";

/** Anything with a name → schema lookup: the built-in registry, or it plus a gateway's own plugins. */
export type PluginSchemas = ReadonlyMap<string, { configSchema: z.ZodType<unknown> }>;

type Entry = { name: string; config?: unknown; enabled?: boolean };

export function checkPlugins(
  config: RootConfig,
  registry: PluginSchemas = BUILTIN_PLUGINS,
  problems: string[] = [],
): string[] {
  checkList(config.plugins, "plugins", registry, problems);
  for (const m of config.models) checkList(m.plugins ?? [], `models[${m.name}].plugins`, registry, problems);
  return problems;
}

function checkList(list: Entry[], at: string, registry: PluginSchemas, problems: string[]): void {
  const seen = new Set<string>();
  for (const entry of list) {
    const where = `${at}[${entry.name}]`;
    if (seen.has(entry.name)) problems.push(`${where}: listed twice`);
    seen.add(entry.name);
    if (entry.name === "key-auth") {
      problems.push(`${where}: key-auth is always on; configure it with 'auth' and 'keys'`);
      continue;
    }
    const def = registry.get(entry.name);
    if (!def) {
      const known = [...registry.keys()].filter((n) => n !== "key-auth").join(", ") || "none";
      problems.push(`${where}.name: unknown plugin '${entry.name}' (known: ${known})`);
      continue;
    }
    const parsed = def.configSchema.safeParse(entry.config ?? {});
    if (parsed.success) entry.config = parsed.data;
    else
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join(".");
        problems.push(`${where}.config${path ? `.${path}` : ""}: ${issue.message}`);
      }
  }
}

/**
 * Compiles a validated config into an immutable snapshot of plain data: models with their target
 * specs and plugin entries. Live objects (provider instances, pools, token caches, plugin instances)
 * are not here: `src/runtime/` binds a snapshot to them, reusing what did not change on reload.
 */
import type { Target } from "../providers/types.js";
import { DEFAULT_TIMEOUTS, type Timeouts } from "../upstream/client.js";
import type { RootConfig } from "./schema.js";

/** One target of a model, with its provider's settings resolved. `provider` is the provider's name. */
export interface TargetSpec {
  provider: string;
  target: Target;
  timeouts: Timeouts;
  onUnsupported: "error" | "drop";
}

/** A configured plugin: its registry name and its config, already validated by its own schema. */
export interface PluginEntry {
  name: string;
  config: unknown;
}

export interface ModelSpec {
  name: string;
  targets: readonly TargetSpec[];
  /** Plugins for this model only (on top of the global ones; a same-named one replaces the global). */
  plugins: readonly PluginEntry[];
}

export interface Snapshot {
  readonly config: RootConfig;
  readonly models: ReadonlyMap<string, ModelSpec>;
  /** Plugins for every request. */
  readonly plugins: readonly PluginEntry[];
  readonly loadedAt: Date;
}

export function compile(config: RootConfig): Snapshot {
  const settings = new Map<string, { timeouts: Timeouts; onUnsupported: "error" | "drop" }>();
  for (const [name, section] of Object.entries(config.providers)) {
    const s = section as { timeouts?: Partial<Timeouts>; on_unsupported?: "error" | "drop" };
    settings.set(name, {
      timeouts: { ...DEFAULT_TIMEOUTS, ...s.timeouts },
      onUnsupported: s.on_unsupported ?? "error",
    });
  }
  const models = new Map<string, ModelSpec>();
  for (const m of config.models) {
    models.set(m.name, {
      name: m.name,
      targets: m.targets.map((t) => ({
        provider: t.provider,
        target: t as Target,
        ...settings.get(t.provider)!,
      })),
      plugins: entries(m.plugins),
    });
  }
  return { config, models, plugins: entries(config.plugins), loadedAt: new Date() };
}

function entries(list: ReadonlyArray<{ name: string; config?: unknown; enabled?: boolean }> | undefined) {
  return (list ?? []).filter((p) => p.enabled !== false).map((p) => ({ name: p.name, config: p.config }));
}

/**
 * Compiles a validated config into an immutable snapshot: provider instances, models with their
 * targets, and keys indexed by their SHA-256 digest. Reloads swap the whole snapshot at once.
 */
import { createHash } from "node:crypto";
import { PROVIDERS } from "../providers/registry.js";
import type { Provider, Target } from "../providers/types.js";
import { DEFAULT_TIMEOUTS, type Timeouts } from "../upstream/client.js";
import type { RootConfig } from "./schema.js";

export interface CompiledTarget {
  provider: Provider;
  target: Target;
  timeouts: Timeouts;
  onUnsupported: "error" | "drop";
}

export interface CompiledModel {
  name: string;
  targets: CompiledTarget[];
}

export interface CompiledKey {
  name: string;
  /** Model names this key may use; undefined = all. */
  models?: ReadonlySet<string>;
}

export interface Snapshot {
  readonly config: RootConfig;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly models: ReadonlyMap<string, CompiledModel>;
  /** Keys by SHA-256 hex of the secret: the secret itself is not kept in the lookup table. */
  readonly keys: ReadonlyMap<string, CompiledKey>;
  readonly loadedAt: Date;
}

export function hashKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function compile(config: RootConfig): Snapshot {
  const providers = new Map<string, Provider>();
  const settings = new Map<string, { timeouts: Timeouts; onUnsupported: "error" | "drop" }>();
  for (const [name, section] of Object.entries(config.providers)) {
    const def = PROVIDERS.get(section.type);
    if (!def) throw new Error(`unknown provider type '${section.type}'`);
    providers.set(name, def.create(name, section));
    const s = section as { timeouts?: Partial<Timeouts>; on_unsupported?: "error" | "drop" };
    settings.set(name, {
      timeouts: { ...DEFAULT_TIMEOUTS, ...s.timeouts },
      onUnsupported: s.on_unsupported ?? "error",
    });
  }
  const models = new Map<string, CompiledModel>();
  for (const m of config.models) {
    models.set(m.name, {
      name: m.name,
      targets: m.targets.map((t) => ({
        provider: providers.get(t.provider)!,
        target: t as Target,
        ...settings.get(t.provider)!,
      })),
    });
  }
  const keys = new Map<string, CompiledKey>();
  for (const k of config.keys) {
    keys.set(hashKey(k.key), { name: k.name, ...(k.models ? { models: new Set(k.models) } : {}) });
  }
  return { config, providers, models, keys, loadedAt: new Date() };
}

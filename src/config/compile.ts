/**
 * Compiles a validated config into an immutable snapshot of plain data: models with their target
 * specs and plugin entries. Live objects (provider instances, pools, token caches, plugin instances)
 * are not here: `src/runtime/` binds a snapshot to them, reusing what did not change on reload.
 */
import type { Target } from "../providers/types.js";
import type {
  BalancerConfig,
  BreakerConfig,
  FallbackOn,
  HealthCheckConfig,
  ModelTimeouts,
  RetriesConfig,
} from "../router/config.js";
import { DEFAULT_TIMEOUTS, type Timeouts } from "../upstream/client.js";
import type { RootConfig } from "./schema.js";
import { targetIds } from "./target-ids.js";

/** One target of a model, with its provider's settings resolved. `provider` is the provider's name. */
export interface TargetSpec {
  /** `provider/model`, with `#2`, `#3`… when a model lists the same pair again. */
  id: string;
  provider: string;
  /** What the provider's codec sees: `provider`, `model` and the provider's own target keys. */
  target: Target;
  timeouts: Timeouts;
  onUnsupported: "error" | "drop";
  weight: number;
  priority: number;
  description?: string;
  /** Caps the request's output tokens for this target. */
  maxTokens?: number;
  /** Request parameters set for this target, over the client's. */
  params?: Readonly<Record<string, unknown>>;
}

/** How a model routes among its targets (`src/router/config.ts` has the keys and defaults). */
export interface RoutingSpec {
  balancer: BalancerConfig;
  retries: RetriesConfig;
  fallbackOn: FallbackOn;
  timeouts?: ModelTimeouts;
  breaker?: BreakerConfig;
  /** Continue a stream broken after its first byte on the next target (`stream_resume`). */
  streamResume: boolean;
  healthCheck?: HealthCheckConfig;
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
  routing: RoutingSpec;
}

export interface Snapshot {
  readonly config: RootConfig;
  readonly models: ReadonlyMap<string, ModelSpec>;
  /** Alias → model name. */
  readonly aliases: ReadonlyMap<string, string>;
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
  const aliases = new Map<string, string>();
  for (const m of config.models) {
    const ids = targetIds(m.targets);
    const targets = m.targets.map((t, i): TargetSpec => {
      const { weight, priority, description, max_tokens, params, ...target } = t;
      const provider = settings.get(t.provider)!;
      const timeouts = { ...provider.timeouts, ...pick(m.timeouts, ["connect_ms", "first_byte_ms"]) };
      return {
        id: ids[i]!,
        provider: t.provider,
        target: target as Target,
        timeouts,
        onUnsupported: provider.onUnsupported,
        weight: weight ?? 1,
        priority: priority ?? 1,
        ...(description !== undefined ? { description } : {}),
        ...(max_tokens !== undefined ? { maxTokens: max_tokens } : {}),
        ...(params !== undefined ? { params } : {}),
      };
    });
    models.set(m.name, {
      name: m.name,
      targets,
      plugins: entries(m.plugins),
      routing: {
        balancer: m.balancer,
        retries: m.retries,
        fallbackOn: m.fallback_on,
        streamResume: m.stream_resume,
        ...(m.timeouts ? { timeouts: m.timeouts } : {}),
        ...(m.breaker ? { breaker: m.breaker } : {}),
        ...(m.health_check ? { healthCheck: m.health_check } : {}),
      },
    });
    for (const a of m.aliases ?? []) aliases.set(a, m.name);
  }
  return { config, models, aliases, plugins: entries(config.plugins), loadedAt: new Date() };
}

function pick<T extends object, K extends keyof T>(obj: T | undefined, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj?.[k] !== undefined) out[k] = obj[k];
  return out;
}

function entries(list: ReadonlyArray<{ name: string; config?: unknown; enabled?: boolean }> | undefined) {
  return (list ?? []).filter((p) => p.enabled !== false).map((p) => ({ name: p.name, config: p.config }));
}

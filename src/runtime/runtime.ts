/**
 * The runtime: live objects built from config and kept across reloads where their config did not
 * change — provider instances (Vertex's OAuth token cache lives in one), plugin instances, and the
 * upstream pools (`UpstreamClient`, keyed by provider name). `bind` turns a snapshot into the
 * `Serving` that requests use; instances a reload drops are closed once the last request on the
 * old generation finished.
 */
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { ModelSpec, PluginEntry, Snapshot } from "../config/compile.js";
import type { ManagedKeys, Plugin, PluginDefinition, PluginEnv } from "../pipeline/plugin.js";
import { Pipeline, type PluginErrorReporter } from "../pipeline/runner.js";
import { PROVIDERS } from "../providers/registry.js";
import type { Provider } from "../providers/types.js";
import { type BalancerDeps, createBalancer } from "../router/balancers/registry.js";
import { Breaker } from "../router/breaker.js";
import { type Clock, systemClock } from "../router/clock.js";
import type { BreakerConfig, HealthCheckConfig } from "../router/config.js";
import { FleetBreaker } from "../router/fleet-breaker.js";
import { FleetTargetHealth } from "../router/fleet-health.js";
import { HealthChecker, type HealthProbe, TargetHealth } from "../router/health-check.js";
import { ModelRouter } from "../router/model-router.js";
import { makeScrubber, type Scrubber, secretsOf } from "./secret-scrubber.js";
import type { BoundModel, CompiledTarget, Serving } from "./serving.js";

/** The plugin every request goes through first: configured by the root `auth` and `keys`. */
export const AUTH_PLUGIN = "key-auth";

// biome-ignore lint/suspicious/noExplicitAny: each definition has its own config type
export type PluginRegistry = ReadonlyMap<string, PluginDefinition<any>>;

interface Held<T> {
  fingerprint: string;
  value: T;
}

interface HeldProvider extends Held<Provider> {
  scrub: Scrubber;
}

interface HeldRouting extends Held<ModelRouter<CompiledTarget>> {
  targets: CompiledTarget[];
  /** Probes the targets while this router serves (`health_check`). */
  checker?: HealthChecker<CompiledTarget>;
}

export class Runtime {
  private providers = new Map<string, HeldProvider>();
  /** Per model: its bound targets and router, kept while the model and its providers are unchanged. */
  private routing = new Map<string, HeldRouting>();
  private plugins = new Map<string, Held<Plugin>>();
  private current: ServingImpl | undefined;
  /** How many live generations use each plugin instance. */
  private readonly uses = new Map<Plugin, number>();

  constructor(
    private readonly registry: PluginRegistry,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
    /** Admin-issued keys, handed to key-auth (the same object for the runtime's life). */
    private readonly managedKeys?: ManagedKeys,
    /** Fleet counters and the gateway's own embeddings, for balancers that use them. */
    private readonly balancerDeps: BalancerDeps = {},
    /** Sends active health checks' probes; without it `health_check` is not run. */
    private readonly healthProbe?: HealthProbe<CompiledTarget>,
  ) {}

  /** Binds a snapshot; throws (leaving the current serving in place) if an instance cannot be built. */
  bind(snapshot: Snapshot): Serving {
    const providers = this.bindProviders(snapshot);
    const plugins = new Map<string, Held<Plugin>>();
    const instance = (e: PluginEntry): Plugin => this.pluginInstance(e, snapshot, plugins);
    const auth = instance({ name: AUTH_PLUGIN, config: {} });
    const global = mergeByName(snapshot.plugins.map(instance));
    const report: PluginErrorReporter = (plugin, phase, err) =>
      this.logger.error({ plugin, phase, err: String(err) }, "plugin failed");
    const pipeline = new Pipeline([auth, ...global], report);
    const models = new Map<string, BoundModel>();
    const routing = new Map<string, HeldRouting>();
    for (const m of snapshot.models.values()) {
      const own = m.plugins.map(instance);
      const { targets, router } = this.bindRouting(m, providers, routing);
      const modelPipeline = own.length
        ? new Pipeline([auth, ...mergeByName([...global, ...own])], report)
        : pipeline;
      models.set(m.name, { name: m.name, targets, pipeline: modelPipeline, router });
    }
    this.providers = providers;
    this.plugins = plugins;
    // A router this config no longer uses stops probing its targets.
    const kept = new Set([...routing.values()].map((h) => h.value));
    for (const h of this.routing.values()) if (!kept.has(h.value)) h.checker?.stop();
    this.routing = routing;
    const used = [...plugins.values()].map((h) => h.value);
    for (const p of used) this.uses.set(p, (this.uses.get(p) ?? 0) + 1);
    const serving = new ServingImpl(snapshot, providers, models, pipeline);
    const previous = this.current;
    this.current = serving;
    // An instance is closed once no generation that uses it is serving or still has requests.
    previous?.retire();
    serving.onDone = () => {
      const unused = used.filter((p) => {
        const n = (this.uses.get(p) ?? 1) - 1;
        if (n > 0) this.uses.set(p, n);
        else this.uses.delete(p);
        return n <= 0;
      });
      void closeAll(unused, this.logger);
    };
    return serving;
  }

  /** Stops every model's active health checks (the gateway is closing). */
  stopHealthChecks(): void {
    for (const h of this.routing.values()) h.checker?.stop();
  }

  /** Stops health checks and closes every live plugin instance. */
  async close(): Promise<void> {
    this.stopHealthChecks();
    await closeAll(
      [...this.plugins.values()].map((h) => h.value),
      this.logger,
    );
  }

  /**
   * A model's targets and router. Kept across a reload when neither the model's targets and
   * routing nor their providers changed, so balancer state (rotation, latency averages) and
   * breakers carry over; otherwise built fresh.
   */
  private bindRouting(
    m: ModelSpec,
    providers: Map<string, HeldProvider>,
    into: Map<string, HeldRouting>,
  ): { targets: CompiledTarget[]; router: ModelRouter<CompiledTarget> } {
    const fingerprint = digest([
      m.targets,
      m.routing,
      m.targets.map((t) => providers.get(t.provider)!.fingerprint),
    ]);
    const old = this.routing.get(m.name);
    if (old && old.fingerprint === fingerprint) {
      into.set(m.name, old);
      return { targets: old.targets, router: old.value };
    }
    const breakerCfg = m.routing.breaker;
    const checkCfg = this.healthProbe ? m.routing.healthCheck : undefined;
    const targets: CompiledTarget[] = m.targets.map((t) => {
      const held = providers.get(t.provider)!;
      return {
        ...t,
        provider: held.value,
        scrub: held.scrub,
        ...(breakerCfg ? { breaker: this.breaker(breakerCfg, m.name, t.id) } : {}),
        ...(checkCfg ? { health: this.targetHealth(checkCfg, m.name, t.id) } : {}),
      };
    });
    const router = new ModelRouter(
      m.routing.balancer.algorithm,
      createBalancer<CompiledTarget>(m.routing.balancer, {
        ...this.balancerDeps,
        scope: m.name,
      }),
      {
        retries: m.routing.retries,
        fallbackOn: m.routing.fallbackOn,
        timeouts: m.routing.timeouts,
        streamResume: m.routing.streamResume,
      },
      targets,
    );
    const checker = checkCfg ? new HealthChecker(checkCfg, targets, this.healthProbe!) : undefined;
    checker?.start();
    into.set(m.name, { fingerprint, value: router, targets, ...(checker ? { checker } : {}) });
    return { targets, router };
  }

  /** A target's breaker: the fleet's with `shared: true` and a counter store, else this node's. */
  private breaker(config: BreakerConfig, scope: string, target: string): Breaker {
    const store = this.balancerDeps.counters;
    if (!config.shared || !store) return new Breaker(config, this.clock);
    return new FleetBreaker(config, this.clock, { store, scope, target });
  }

  /** A target's health-check verdicts: shared with the fleet with `shared: true` and a counter store. */
  private targetHealth(config: HealthCheckConfig, scope: string, target: string): TargetHealth {
    const store = this.balancerDeps.counters;
    if (!config.shared || !store) return new TargetHealth(config, this.clock);
    return new FleetTargetHealth(config, this.clock, { store, scope, target });
  }

  private bindProviders(snapshot: Snapshot): Map<string, HeldProvider> {
    const out = new Map<string, HeldProvider>();
    for (const [name, section] of Object.entries(snapshot.config.providers)) {
      const fingerprint = digest(section);
      const old = this.providers.get(name);
      if (old && old.fingerprint === fingerprint) {
        out.set(name, old);
        continue;
      }
      const def = PROVIDERS.get(section.type);
      if (!def) throw new Error(`unknown provider type '${section.type}'`);
      out.set(name, {
        fingerprint,
        value: def.create(name, section),
        scrub: makeScrubber(secretsOf(section)),
      });
    }
    return out;
  }

  private pluginInstance(e: PluginEntry, snapshot: Snapshot, into: Map<string, Held<Plugin>>): Plugin {
    const env: PluginEnv = {
      logger: this.logger.child({ plugin: e.name }),
      root: {
        auth: snapshot.config.auth,
        keys: snapshot.config.keys,
        tenants: snapshot.config.tenants,
        teams: snapshot.config.teams,
        consumers: snapshot.config.consumers,
      },
      ...(this.managedKeys ? { managedKeys: this.managedKeys } : {}),
    };
    // key-auth's real input is the root `auth`, `keys` and entity sections, so they are its fingerprint.
    const fingerprint = `${e.name}|${digest(e.name === AUTH_PLUGIN ? env.root : e.config)}`;
    const held = into.get(fingerprint) ?? this.plugins.get(fingerprint);
    if (held) {
      into.set(fingerprint, held);
      return held.value;
    }
    const def = this.registry.get(e.name);
    if (!def) throw new Error(`unknown plugin '${e.name}'`);
    const value = def.create(e.config ?? {}, env);
    into.set(fingerprint, { fingerprint, value });
    return value;
  }
}

/** A later plugin of the same name replaces an earlier one (a model's own replaces the global). */
function mergeByName(list: Plugin[]): Plugin[] {
  const byName = new Map<string, Plugin>();
  for (const p of list) byName.set(p.name, p);
  return [...byName.values()];
}

function digest(value: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(value) ?? "")
    .digest("hex");
}

async function closeAll(plugins: Plugin[], logger: Logger): Promise<void> {
  for (const p of plugins) {
    try {
      await p.close?.();
    } catch (err) {
      logger.error({ plugin: p.name, err: String(err) }, "plugin close failed");
    }
  }
}

class ServingImpl implements Serving {
  private holds = 0;
  private retired = false;
  /** Runs once, when this generation is retired and its last request released it. */
  onDone: (() => void) | undefined;

  constructor(
    readonly snapshot: Snapshot,
    held: Map<string, Held<Provider>>,
    readonly models: ReadonlyMap<string, BoundModel>,
    readonly pipeline: Pipeline,
  ) {
    this.providers = new Map([...held].map(([k, v]) => [k, v.value]));
  }

  readonly providers: ReadonlyMap<string, Provider>;

  model(name: string): BoundModel | undefined {
    const m = this.models.get(name);
    if (m) return m;
    const real = this.snapshot.aliases.get(name);
    return real === undefined ? undefined : this.models.get(real);
  }

  pipelineFor(model: string | undefined): Pipeline {
    return (model !== undefined && this.model(model)?.pipeline) || this.pipeline;
  }

  retain(): void {
    this.holds++;
  }

  release(): void {
    this.holds--;
    if (this.holds === 0 && this.retired) this.finish();
  }

  /** No new requests will take this generation. */
  retire(): void {
    this.retired = true;
    if (this.holds === 0) this.finish();
  }

  private finish(): void {
    const f = this.onDone;
    this.onDone = undefined;
    f?.();
  }
}

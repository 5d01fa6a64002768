/**
 * The library entry point: `createGateway` assembles config, runtime, observability, the proxy
 * server and the admin port. `tollgate start` is a thin wrapper over it; applications embed it
 * and pass their own plugins in code.
 */
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { type AdminServer, createAdminServer } from "./admin/server.js";
import { compile, type Snapshot } from "./config/compile.js";
import { loadConfigFile, validateConfig } from "./config/load.js";
import type { PluginSchemas } from "./config/plugins.js";
import type { RootConfig } from "./config/schema.js";
import { type Reloader, watchConfig } from "./config/watch.js";
import { LimitsEngine } from "./governance/engine.js";
import { configEntities } from "./governance/identity/config-entities.js";
import { KeyCache } from "./governance/identity/key-cache.js";
import { PriceTable } from "./observability/cost.js";
import { createObservability, type KnownLabels, type Observability } from "./observability/index.js";
import { createLogger } from "./observability/logger.js";
import type { RequestContext } from "./pipeline/context.js";
import type { PluginDefinition } from "./pipeline/plugin.js";
import { BUILTIN_PLUGINS } from "./plugins/registry.js";
import { type PluginRegistry, Runtime } from "./runtime/runtime.js";
import type { GatewayState } from "./server/gateway-state.js";
import { healthProbe } from "./server/health-probe.js";
import { internalEmbedder } from "./server/internal-embed.js";
import { createProxyServer, type ProxyServer } from "./server/server.js";
import { Storage } from "./state/storage.js";
import { UpstreamClient } from "./upstream/client.js";

export interface GatewayOptions {
  /** The config as an object (what the YAML file holds). Secret references are resolved. */
  config?: unknown;
  /** Or a config file (YAML or JSON). */
  configFile?: string;
  /** Reload `configFile` on SIGHUP and when it changes (default false; `tollgate start` sets it). */
  watch?: boolean;
  /** Where `{env://NAME}` references are looked up (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Custom plugins, usable by name in `plugins:` like the built-in ones. */
  // biome-ignore lint/suspicious/noExplicitAny: each definition has its own config type
  plugins?: PluginDefinition<any>[];
  /** Default: pino at the config's `logging.level`. */
  logger?: Logger;
  /** `false` turns off records, metrics and traces (the config's `observability` otherwise). */
  observability?: boolean;
  /** Called in the log phase for every proxy request. */
  onRequestEnd?: (ctx: RequestContext) => void;
}

export interface ListenOptions {
  port?: number;
  host?: string;
  /** Also open the admin port (`admin` in the config; default: when the config enables it). */
  admin?: boolean;
}

export interface Listening {
  url: string;
  address: AddressInfo;
  adminUrl?: string;
}

export type ReloadResult = { ok: true } | { ok: false; problems: string[] };

export interface Gateway {
  /** The config now serving. */
  readonly config: RootConfig;
  readonly observability: Observability | undefined;
  /** The record and counter stores (`storage` in the config), opened on first use. */
  readonly storage: Storage;
  listen(opts?: ListenOptions): Promise<Listening>;
  /** Applies a new config (an object, or the config file again); the old keeps serving if invalid. */
  reload(config?: unknown): ReloadResult;
  /** Stops accepting, lets in-flight requests finish up to `graceMs`, then closes everything. */
  close(graceMs?: number): Promise<void>;
  inFlight(): number;
}

/** The gateway could not start (a port in use, an address that is not this machine's…). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

function listenError(err: unknown, host: string, port: number, section: "server" | "admin"): StartupError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === "EADDRINUSE"
      ? "the address is already in use (is another Tollgate running?)"
      : code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "the host is not an address of this machine"
        : code === "EACCES"
          ? "permission denied (ports below 1024 need privileges)"
          : String((err as Error).message ?? err);
  return new StartupError(`cannot listen on ${host}:${port} (${section}.host / ${section}.port): ${why}`);
}

/** A config that cannot be served; `problems` lists each by path. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function createGateway(opts: GatewayOptions): Gateway {
  const registry = pluginRegistry(opts.plugins);
  const env = opts.env ?? process.env;
  const load = (raw: unknown) =>
    raw === undefined && opts.configFile
      ? loadConfigFile(opts.configFile, env, { plugins: registry })
      : validateConfig(raw ?? {}, env, registry);
  const first = load(opts.config);
  if (!first.ok) throw new ConfigError(first.problems);
  let config = first.config;
  const logger = opts.logger ?? createLogger(config.logging);
  const snapshot = compile(config);
  const obs =
    opts.observability === false
      ? undefined
      : createObservability(config.observability, logger, knownLabels(snapshot));
  const storage = new Storage(config.storage, {
    onError: (err) => logger.warn({ err: err.message }, "storage connection error"),
  });
  const keyCache = new KeyCache(storage, logger);
  keyCache.useConfigEntities(configEntities(snapshot.config));
  // Balancers are built before `state` exists; they embed only once requests arrive.
  let live: GatewayState | undefined;
  const runtime = new Runtime(
    registry,
    logger,
    undefined,
    keyCache,
    {
      counters: storage.lazyCounters(),
      embedWith: (model) => (texts) => internalEmbedder(live!, model)(texts),
    },
    healthProbe(() => live),
  );
  const state: GatewayState = {
    serving: runtime.bind(snapshot),
    upstream: new UpstreamClient(),
    logger,
    storage,
    keyCache,
    startedAt: Date.now(),
    ...(obs ? { obs } : {}),
  };
  live = state;
  state.limits = new LimitsEngine({
    storage: state.storage,
    logger,
    pricing: obs?.pricing ?? new PriceTable(config.observability.pricing),
    config: config.limits,
    ...(obs ? { registry: obs.metrics.registry } : {}),
  });
  const proxy: ProxyServer = createProxyServer(state, {
    ...(opts.onRequestEnd ? { onRequestEnd: opts.onRequestEnd } : {}),
  });
  let admin: AdminServer | undefined;
  const apply = (next: Snapshot) => {
    state.serving = runtime.bind(next);
    config = next.config;
    keyCache.useConfigEntities(configEntities(next.config));
    obs?.metrics.setKnownLabels(knownLabels(next));
  };
  const watcher: Reloader | undefined =
    opts.watch && opts.configFile
      ? watchConfig(opts.configFile, logger, apply, { serving: config, env, plugins: registry })
      : undefined;

  return {
    get config() {
      return config;
    },
    observability: obs,
    storage: state.storage,
    async listen(l = {}) {
      const host = l.host ?? config.server.host;
      const port = l.port ?? config.server.port;
      const address = await proxy.listen(port, host).catch((err: unknown) => {
        throw listenError(err, host, port, "server");
      });
      const out: Listening = { url: `http://${hostForUrl(address)}:${address.port}`, address };
      if (obs && (l.admin ?? config.admin.enabled)) {
        admin = createAdminServer(obs, state);
        try {
          const a = await admin.listen(config.admin.port, config.admin.host);
          out.adminUrl = `http://${hostForUrl(a)}:${a.port}`;
        } catch (err) {
          // Never leave the proxy port open when the gateway as a whole did not start.
          admin = undefined;
          await proxy.close(0);
          throw listenError(err, config.admin.host, config.admin.port, "admin");
        }
      }
      return out;
    },
    reload(raw) {
      const result = load(raw);
      if (!result.ok) return result;
      try {
        apply(compile(result.config));
      } catch (err) {
        return { ok: false, problems: [String(err)] };
      }
      return { ok: true };
    },
    async close(graceMs = config.server.shutdown_grace_ms) {
      watcher?.stop();
      // No probe may open a new upstream pool after the pools close.
      runtime.stopHealthChecks();
      await proxy.close(graceMs);
      await admin?.close();
      await state.upstream.close();
      await runtime.close();
      keyCache.close();
      await state.limits?.close();
      await state.storage.close();
      await obs?.close();
    },
    inFlight: () => proxy.inFlight(),
  };
}

function pluginRegistry(extra: PluginDefinition[] | undefined): PluginRegistry & PluginSchemas {
  if (!extra?.length) return BUILTIN_PLUGINS as PluginRegistry & PluginSchemas;
  const all = new Map(BUILTIN_PLUGINS);
  for (const d of extra) {
    if (all.has(d.name)) throw new Error(`plugin '${d.name}' is already registered`);
    all.set(d.name, d);
  }
  return all as PluginRegistry & PluginSchemas;
}

/** Metric label values are bounded to what the config names. */
function knownLabels(s: Snapshot): KnownLabels {
  return { models: [...s.models.keys()], providers: Object.keys(s.config.providers) };
}

function hostForUrl(a: AddressInfo): string {
  return a.family === "IPv6" ? `[${a.address}]` : a.address;
}

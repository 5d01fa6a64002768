/** `tollgate start`: load, validate, serve; reload on SIGHUP/file change; drain on SIGTERM. */
import { pino } from "pino";
import { createAdminServer } from "../admin/server.js";
import { compile, type Snapshot } from "../config/compile.js";
import { loadConfigFile } from "../config/load.js";
import { watchConfig } from "../config/watch.js";
import { createObservability, type KnownLabels } from "../observability/index.js";
import { createGateway } from "../server/server.js";
import { warmTokenizers } from "../usage/index.js";
import { emulate } from "./emulate.js";

export interface StartOptions {
  config: string;
  port?: number;
  host?: string;
  /** Also run the provider emulators on this port (quickstart, demos). */
  emulate?: number;
}

export async function start(opts: StartOptions): Promise<void> {
  if (opts.emulate !== undefined) await emulate(opts.emulate, "127.0.0.1", false);
  const result = loadConfigFile(opts.config);
  if (!result.ok) {
    process.stderr.write(
      `tollgate: ${opts.config} is not valid:\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    process.exit(1);
  }
  const logger = pino({ level: result.config.logging.level, base: { service: "tollgate" } });
  const snapshot = compile(result.config);
  if (result.config.auth.mode === "none") {
    logger.warn("auth.mode is 'none': every client can use every model without a key");
  } else if (result.config.keys.length === 0) {
    logger.warn(
      "no keys are configured, so every proxy request will get 401. Add one under 'keys', e.g. " +
        'keys: [{ name: my-app, key: "{env://TOLLGATE_KEY}" }], or set auth: { mode: none } to open the gateway',
    );
  }
  const obs = createObservability(result.config.observability, logger, knownLabels(snapshot));
  void warmTokenizers();
  const gateway = createGateway(snapshot, { logger, observability: obs });
  const addr = await gateway.listen(opts.port, opts.host);
  const admin = result.config.admin.enabled ? createAdminServer(obs) : undefined;
  if (admin) {
    const a = await admin.listen(result.config.admin.port, result.config.admin.host);
    logger.info({ address: `http://${a.address}:${a.port}` }, "admin port (metrics) is listening");
  }
  const reloader = watchConfig(opts.config, logger, (s) => {
    gateway.reload(s);
    obs.metrics.setKnownLabels(knownLabels(s));
  });
  logger.info(
    { address: `http://${addr.address}:${addr.port}`, models: [...snapshot.models.keys()] },
    "tollgate is listening",
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, in_flight: gateway.inFlight() }, "shutting down: draining in-flight requests");
    reloader.stop();
    await gateway.close();
    await admin?.close();
    await obs.close();
    logger.info("stopped");
    logger.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** Metric label values are bounded to what the config names. */
function knownLabels(s: Snapshot): KnownLabels {
  return { models: [...s.models.keys()], providers: [...s.providers.keys()] };
}

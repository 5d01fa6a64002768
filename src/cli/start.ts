/** `tollgate start`: a thin wrapper over `createGateway` — serve, reload on change, drain on SIGTERM. */
import { ConfigError, createGateway, StartupError } from "../gateway.js";
import { createLogger } from "../observability/logger.js";
import { emulate } from "./emulate.js";

export interface StartOptions {
  config: string;
  port?: number;
  host?: string;
  /** Also run the provider emulators on this port (quickstart, demos). */
  emulate?: number;
}

/** Any start-up failure is one line that says what and where, and exit code 1: never a stack trace. */
export async function start(opts: StartOptions): Promise<void> {
  try {
    await run(opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      const list = err.problems.map((p) => `  - ${p}`).join("\n");
      process.stderr.write(`tollgate: ${opts.config} is not valid:\n${list}\n`);
    } else process.stderr.write(`tollgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

async function run(opts: StartOptions): Promise<void> {
  if (opts.emulate !== undefined)
    await emulate(opts.emulate, "127.0.0.1", false).catch((err: unknown) => {
      throw new StartupError(
        `cannot start the emulators on 127.0.0.1:${opts.emulate}: ${(err as Error).message}`,
      );
    });
  const gateway = createGateway({ configFile: opts.config, watch: true });
  const config = gateway.config;
  const logger = createLogger(config.logging);
  if (config.auth.mode === "none") {
    logger.warn("auth.mode is 'none': every client can use every model without a key");
  } else if (config.keys.length === 0) {
    logger.warn(
      "no keys are configured, so every proxy request will get 401. Add one under 'keys', e.g. " +
        'keys: [{ name: my-app, key: "{env://TOLLGATE_KEY}" }], or set auth: { mode: none } to open the gateway',
    );
  }
  // why: handlers go in before the ports open, so a SIGTERM that arrives as soon as the gateway
  // says it listens (a supervisor's, a test's) drains instead of killing the process outright.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, in_flight: gateway.inFlight() }, "shutting down: draining in-flight requests");
    await gateway.close();
    logger.info("stopped");
    logger.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  const listening = await gateway.listen({
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
  });
  if (listening.adminUrl) logger.info({ address: listening.adminUrl }, "admin port (metrics) is listening");
  logger.info({ address: listening.url, models: config.models.map((m) => m.name) }, "tollgate is listening");
}

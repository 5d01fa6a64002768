/**
 * Reload on SIGHUP and on file change: the new file is validated and compiled first; only a good
 * config replaces the running snapshot (atomically). A bad one is logged and ignored, and so is one
 * that would take every model or every way in away without saying so (reload-guard.ts). Settings
 * a reload cannot apply are named in the log line (restart-needed.ts).
 */
import { type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";
import type { Logger } from "pino";
import { compile, type Snapshot } from "./compile.js";
import { loadConfigFile } from "./load.js";
import type { PluginSchemas } from "./plugins.js";
import { reloadRefusal } from "./reload-guard.js";
import { settingsNeedingRestart } from "./restart-needed.js";
import type { RootConfig } from "./schema.js";

export interface Reloader {
  /** Loads the file now; true when the new config was applied. Never throws. */
  reload(reason: string): boolean;
  stop(): void;
}

const KEPT = "the last good config keeps serving";

/**
 * Watches `file`. `serving` is the config the process started with; without it, the file as it
 * is now stands in (it is what start-up just loaded). `apply` may throw to reject a config it
 * cannot serve (the last good one keeps serving).
 */
export function watchConfig(
  file: string,
  logger: Logger,
  apply: (s: Snapshot) => void,
  opts: { serving?: RootConfig; env?: NodeJS.ProcessEnv; plugins?: PluginSchemas } = {},
): Reloader {
  const load = () => loadConfigFile(file, opts.env, { ...(opts.plugins ? { plugins: opts.plugins } : {}) });
  let current = opts.serving ?? seed(load);
  const attempt = (reason: string): boolean => {
    const result = load();
    if (!result.ok) {
      logger.error({ reason, problems: result.problems }, `config reload rejected; ${KEPT}`);
      return false;
    }
    const refusal = current && reloadRefusal(current, result.config, result.raw);
    if (refusal) {
      logger.error({ reason, refused: refusal }, `config reload refused: ${refusal}; ${KEPT}`);
      return false;
    }
    apply(compile(result.config));
    const restart = current ? settingsNeedingRestart(current, result.config) : [];
    current = result.config;
    if (restart.length === 0) logger.info({ reason }, "config reloaded");
    else
      logger.warn(
        { reason, restart_needed: restart },
        `config reloaded; these settings need a restart to take effect: ${restart.join(", ")}`,
      );
    return true;
  };
  const reload = (reason: string): boolean => {
    try {
      return attempt(reason);
    } catch (err) {
      // Loading never throws by design; this keeps a bug there from taking the gateway down.
      logger.error({ reason, err: String(err) }, `config reload rejected; ${KEPT}`);
      return false;
    }
  };
  const onHup = () => reload("SIGHUP");
  process.on("SIGHUP", onHup);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    // Watch the directory: editors and secret mounts replace files by rename, which a file watch misses.
    watcher = watch(dirname(file), (_event, name) => {
      if (name && name !== basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => reload("file changed"), 100);
    });
  } catch (err) {
    logger.warn({ err: String(err) }, "cannot watch the config file; reload with SIGHUP");
  }
  return {
    reload,
    stop() {
      process.off("SIGHUP", onHup);
      clearTimeout(timer);
      watcher?.close();
    },
  };
}

function seed(load: () => ReturnType<typeof loadConfigFile>): RootConfig | undefined {
  const loaded = load();
  return loaded.ok ? loaded.config : undefined;
}

/**
 * Reload on SIGHUP and on file change: the new file is validated and compiled first; only a good
 * config replaces the running snapshot (atomically). A bad one is logged and ignored.
 */
import { type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";
import type { Logger } from "pino";
import { compile, type Snapshot } from "./compile.js";
import { loadConfigFile } from "./load.js";
import type { PluginSchemas } from "./plugins.js";

export interface Reloader {
  /** Loads the file now; true when the new config was applied. */
  reload(reason: string): boolean;
  stop(): void;
}

/** `apply` may throw to reject a config it cannot serve (the last good one keeps serving). */
export function watchConfig(
  file: string,
  logger: Logger,
  apply: (s: Snapshot) => void,
  opts: { env?: NodeJS.ProcessEnv; plugins?: PluginSchemas } = {},
): Reloader {
  const reload = (reason: string): boolean => {
    const result = loadConfigFile(file, opts.env, opts.plugins);
    if (!result.ok) {
      logger.error(
        { reason, problems: result.problems },
        "config reload rejected; the last good config keeps serving",
      );
      return false;
    }
    try {
      apply(compile(result.config));
    } catch (err) {
      logger.error(
        { reason, err: String(err) },
        "config reload rejected; the last good config keeps serving",
      );
      return false;
    }
    logger.info({ reason }, "config reloaded");
    return true;
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

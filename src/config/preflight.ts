/**
 * Checks of a valid config against the machine, run when a config file is loaded (validate, start
 * and reload alike), so that `validate` catches what start-up would crash on: a SQLite or JSONL
 * file in a directory that does not exist or cannot be written.
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { sqlitePathOf } from "../observability/sinks/database.js";
import type { RootConfig } from "./schema.js";

/** `path: problem` lines; empty when the machine can serve this config as far as can be told. */
export function preflight(config: RootConfig): string[] {
  const problems: string[] = [];
  const db = config.observability.database?.url;
  if (db?.startsWith("sqlite://")) {
    const file = sqlitePathOf(db);
    const problem = file === ":memory:" ? undefined : directoryProblem(file);
    if (problem) problems.push(`observability.database.url: ${problem}`);
  }
  const log = config.observability.log?.file;
  const problem = log ? directoryProblem(log) : undefined;
  if (problem) problems.push(`observability.log.file: ${problem}`);
  return problems;
}

/** Why a file could not be created at `file` (its directory is missing or read-only). */
function directoryProblem(file: string): string | undefined {
  const dir = dirname(resolve(file));
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return `directory ${dir} does not exist (create it, or change the path)`;
    if (code === "EACCES" || code === "EROFS") return `directory ${dir} is not writable`;
    return `directory ${dir} cannot be used (${code ?? String(err)})`;
  }
}

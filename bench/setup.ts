/**
 * What every bench mode needs first: a fresh build, a temporary folder, pinning, the emulator, and
 * a description of the machine for the report header.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, release, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadGenerator } from "./load.js";
import { choosePinning, findCommand, pinSelf, type Spawned, stop, stopAll } from "./proc.js";
import { type BenchEnv, startEmulator, TOLLGATE_MAIN } from "./systems.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const RESULTS = join(ROOT, "bench", "results");

export interface Setup {
  env: BenchEnv;
  emulator: Spawned;
  cleanup(): Promise<void>;
}

export function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

/** `npm run build` (tsc emits even when a file in progress has a type error; a warning is printed). */
export function build(): void {
  log("building dist/ (npm run build) …");
  try {
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    const out =
      String((err as { stdout?: Buffer }).stdout ?? "") + String((err as { stderr?: Buffer }).stderr ?? "");
    if (!existsSync(join(ROOT, TOLLGATE_MAIN))) throw new Error(`build failed:\n${out}`);
    log("warning: the build reported type errors; benchmarking the JavaScript it emitted anyway");
  }
}

export async function setUp(): Promise<Setup> {
  const pin = choosePinning();
  pinSelf(pin);
  mkdirSync(RESULTS, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), "tollgate-bench-"));
  const emulator = await startEmulator({ root: ROOT, tmp, pin });
  const env: BenchEnv = { root: ROOT, tmp, pin, emulatorPort: emulator.port };
  return {
    env,
    emulator,
    async cleanup() {
      await stop(emulator);
      await stopAll();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** First line a tool prints for its version (nginx writes it to stderr; wrk exits 1). */
function versionOf(cmd: string, args: string[]): string | undefined {
  const bin = findCommand(cmd);
  if (!bin) return undefined;
  const r = spawnSync(bin, args, { encoding: "utf8" });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n")[0];
}

function gitDescribe(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    return dirty.trim() ? `${head} (with uncommitted changes in src/)` : head;
  } catch {
    return "unknown";
  }
}

/** The report header: date, machine, software, method. */
export function describe(env: BenchEnv, gen: LoadGenerator, extra: string[]): string[] {
  const nginx = versionOf("nginx", ["-v"]);
  const wrk = gen.name === "wrk" ? versionOf("wrk", ["-v"])?.split(" Copyright")[0] : undefined;
  return [
    `date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}`,
    `software: Node ${process.version}; ${nginx ?? "nginx not installed"}; load generator ${wrk ?? gen.name}; Tollgate ${gitDescribe()}`,
    `pinning: ${env.pin.why}`,
    ...extra,
  ];
}

/**
 * Processes for the benchmark: spawning pinned to a core (taskset), free ports, readiness, and the
 * kernel's own accounting of a process's CPU time and resident memory (/proc).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { accessSync, constants, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";

/**
 * Cores the benchmark pins to: the system under test and the emulator behind it on `sut`, the load
 * generator and the bench driver on `load`. Why the emulator sits with the system under test: a
 * request then crosses cores twice whether it goes direct or through a hop (client → server →
 * client), so "added latency" is the hop's own work. With the emulator beside the load generator,
 * the direct call never crosses cores and every hop crosses four times; on virtual machines a
 * cross-core wake-up costs tens to hundreds of microseconds (measured on the reference VM), which
 * would then be reported as gateway overhead.
 */
export interface Pinning {
  enabled: boolean;
  sut: number;
  upstream: number;
  load: number;
  why: string;
}

export function choosePinning(): Pinning {
  const cores = availableParallelism();
  const taskset = findCommand("taskset") !== undefined;
  const off = { enabled: false, sut: 0, upstream: 0, load: 0 };
  if (cores < 2) return { ...off, why: "one core: nothing pinned" };
  if (!taskset) return { ...off, why: "taskset (util-linux) not found: nothing pinned" };
  return {
    enabled: true,
    sut: 0,
    upstream: 0,
    load: 1,
    why: "system under test and the emulator on core 0; load generator and bench driver on core 1",
  };
}

/** Pins this (driver) process to the load core, so it never competes with the system under test. */
export function pinSelf(p: Pinning): void {
  if (p.enabled) execFileSync("taskset", ["-pc", String(p.load), String(process.pid)], { stdio: "ignore" });
}

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  logFile?: string;
}

/** Every process the bench started and has not stopped yet, so a failure never leaves one behind. */
const live = new Set<Spawned>();

/** Spawns a command pinned to `core` (taskset execs, so the pid is the command's own). */
export function spawnPinned(
  p: Pinning,
  core: number,
  cmd: string,
  args: string[],
  opts: { logFile?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Spawned {
  const out = opts.logFile ? openSync(opts.logFile, "a") : "ignore";
  const [file, argv] = p.enabled ? ["taskset", ["-c", String(core), cmd, ...args]] : [cmd, args];
  const child = spawn(file, argv, {
    stdio: ["ignore", out, out],
    env: opts.env ?? process.env,
    cwd: opts.cwd,
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const s: Spawned = { child, pid: child.pid, exited, ...(opts.logFile ? { logFile: opts.logFile } : {}) };
  live.add(s);
  void exited.then(() => live.delete(s));
  return s;
}

/** Stops every process the bench started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((s) => stop(s)));
}

/** Sends SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(s: Spawned, graceMs = 3000): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill("SIGTERM");
  const t = setTimeout(() => s.child.kill("SIGKILL"), graceMs);
  await s.exited;
  clearTimeout(t);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until an HTTP GET on `url` gets any answer; fails at once (with its log) if `proc` exits. */
export async function waitHttp(url: string, proc?: Spawned, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      const tail = proc.logFile ? readFileSync(proc.logFile, "utf8").split("\n").slice(-15).join("\n") : "";
      throw new Error(
        `the process for ${url} exited (${proc.child.exitCode ?? proc.child.signalCode}):\n${tail}`,
      );
    }
    try {
      const r = await request(url, { method: "GET" });
      await r.body.dump();
      return;
    } catch (err) {
      if (Date.now() > until) throw new Error(`${url} did not answer in ${timeoutMs} ms: ${String(err)}`);
      await sleep(20);
    }
  }
}

const TICK_NS = 1e9 / 100; // USER_HZ is 100 on every Linux ABI

/** The process's and its children's pids (nginx: master and workers). */
export function familyOf(pid: number): number[] {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return [pid, ...(kids ? kids.split(/\s+/).map(Number) : [])];
  } catch {
    return [pid];
  }
}

/** User + system CPU time of the processes (all their threads), in nanoseconds. */
export function cpuNs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // the process is gone: it used nothing more
    }
  }
  return ticks * TICK_NS;
}

/** Resident set size of the processes, in bytes. */
export function rssBytes(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb * 1024;
}

/** Absolute path of a command on PATH (plus the sbin folders, where Debian puts nginx), if any. */
export function findCommand(cmd: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin", "/usr/local/sbin"];
  for (const d of dirs) {
    if (!d) continue;
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return join(d, cmd);
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The load generator, always a separate process pinned to the load core: wrk when installed (C,
 * microsecond latency percentiles, little CPU per request), else autocannon from devDependencies
 * (Node; it reports latency in whole milliseconds, so sub-millisecond differences read as 0).
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { findCommand, type Pinning } from "./proc.js";
import type { BenchRequest } from "./scenarios.js";

export interface LoadResult {
  /** Completed requests with a 2xx status. */
  ok: number;
  /** Requests that failed (non-2xx, socket errors, timeouts). */
  errors: number;
  seconds: number;
  rps: number;
  /** Latency percentiles, milliseconds. */
  p50: number;
  p99: number;
}

export interface LoadSpec {
  url: string;
  req: BenchRequest;
  connections: number;
  seconds: number;
}

export interface LoadGenerator {
  name: string;
  /** Latency resolution in milliseconds, for the report. */
  resolutionMs: number;
  run(spec: LoadSpec): Promise<LoadResult>;
}

function run(pin: Pinning, cmd: string, args: string[]): Promise<string> {
  const [file, argv] = pin.enabled ? ["taskset", ["-c", String(pin.load), cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} failed: ${String(err)} ${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Lua long-bracket string, safe for any JSON body. */
function luaString(s: string): string {
  return `[==[${s}]==]`;
}

function wrkScript(dir: string, req: BenchRequest, n: number): string {
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `wrk.headers[ ${luaString(k)} ] = ${luaString(v)}`)
    .join("\n");
  const script = `wrk.method = "POST"
wrk.body = ${luaString(req.body)}
${headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH{"requests":%d,"us":%d,"bad":%d,"p50":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
  const file = join(dir, `wrk-${n}.lua`);
  writeFileSync(file, script);
  return file;
}

export function wrkGenerator(pin: Pinning, dir: string, bin: string): LoadGenerator {
  let n = 0;
  return {
    name: "wrk",
    resolutionMs: 0.001,
    async run(spec) {
      const script = wrkScript(dir, spec.req, n++);
      const args = ["-t1", `-c${spec.connections}`, `-d${spec.seconds}s`, "--timeout", "10s", "-s", script];
      const out = await run(pin, bin, [...args, spec.url + spec.req.path]);
      const line = /BENCH(\{.*\})/.exec(out)?.[1];
      if (!line) throw new Error(`wrk printed no result:\n${out}`);
      const r = JSON.parse(line) as { requests: number; us: number; bad: number; p50: number; p99: number };
      const seconds = r.us / 1e6;
      const ok = r.requests - r.bad;
      return { ok, errors: r.bad, seconds, rps: ok / seconds, p50: r.p50 / 1000, p99: r.p99 / 1000 };
    },
  };
}

export function autocannonGenerator(pin: Pinning, root: string): LoadGenerator {
  const bin = join(root, "node_modules", "autocannon", "autocannon.js");
  return {
    name: "autocannon",
    resolutionMs: 1,
    async run(spec) {
      const args = [bin, "-c", String(spec.connections), "-d", String(spec.seconds), "-m", "POST", "--json"];
      for (const [k, v] of Object.entries(spec.req.headers)) args.push("-H", `${k}=${v}`);
      args.push("-b", spec.req.body, spec.url + spec.req.path);
      const out = await run(pin, process.execPath, args);
      const r = JSON.parse(out) as {
        duration: number;
        errors: number;
        timeouts: number;
        non2xx: number;
        requests: { total: number };
        latency: { p50: number; p99: number };
      };
      const bad = r.errors + r.timeouts + r.non2xx;
      const ok = r.requests.total - r.non2xx;
      return {
        ok,
        errors: bad,
        seconds: r.duration,
        rps: ok / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
      };
    },
  };
}

/** wrk when it is on PATH (unless `prefer` says autocannon), else autocannon. */
export function chooseGenerator(pin: Pinning, root: string, dir: string, prefer?: string): LoadGenerator {
  const wrk = findCommand("wrk");
  if (wrk && prefer !== "autocannon") return wrkGenerator(pin, dir, wrk);
  return autocannonGenerator(pin, root);
}

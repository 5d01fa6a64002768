/**
 * Precise single-request probes, run from the bench driver (pinned to the load core): time to
 * first token of a streamed answer, and cold start (process spawn to first successful answer).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";
import { freePort, spawnPinned, stop } from "./proc.js";
import { FIRST_TOKEN_MARK, SCENARIOS, type Scenario } from "./scenarios.js";
import { type BenchEnv, compileFloor, type System, TOLLGATE_MAIN, tollgateConfig } from "./systems.js";

export interface TtftResult {
  /** Median milliseconds from sending the request to the first content token arriving. */
  ttft: number;
  /** Median milliseconds to the end of the stream. */
  total: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN;
};

async function oneStream(dispatcher: Agent, sys: System, sc: Scenario): Promise<[number, number]> {
  const req = sys.gateway ? sc.gateway : sc.direct;
  const t0 = performance.now();
  const res = await request(sys.url + req.path, {
    method: "POST",
    headers: req.headers,
    body: req.body,
    dispatcher,
  });
  let seen = "";
  let first = Number.NaN;
  for await (const chunk of res.body) {
    if (Number.isNaN(first)) {
      seen += (chunk as Buffer).toString("utf8");
      if (seen.includes(FIRST_TOKEN_MARK)) first = performance.now() - t0;
    }
  }
  if (res.statusCode !== 200 || Number.isNaN(first)) {
    throw new Error(`${sys.label}: ${sc.id} answered ${res.statusCode} without '${FIRST_TOKEN_MARK}'`);
  }
  return [first, performance.now() - t0];
}

/** Streams `n` requests per system, interleaved (one per system in turn), and takes medians. */
export async function probeTtft(
  systems: System[],
  scenarioId: string,
  n: number,
): Promise<Map<string, TtftResult>> {
  const sc = SCENARIOS.find((s) => s.id === scenarioId)!;
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
  const samples = new Map<string, { ttft: number[]; total: number[] }>();
  for (const s of systems) samples.set(s.id, { ttft: [], total: [] });
  try {
    for (let i = 0; i < n + 5; i++) {
      for (const s of systems) {
        const [ttft, total] = await oneStream(dispatcher, s, sc);
        if (i < 5) continue; // warm-up: connections, JIT
        samples.get(s.id)!.ttft.push(ttft);
        samples.get(s.id)!.total.push(total);
      }
    }
  } finally {
    await dispatcher.close();
  }
  const out = new Map<string, TtftResult>();
  for (const [id, v] of samples) out.set(id, { ttft: median(v.ttft), total: median(v.total) });
  return out;
}

/** What cold start spawns: Tollgate (a) or (b), or the Node floor for reference. */
export type ColdTarget = "tollgate" | "tollgate-gov" | "floor";

async function argsFor(env: BenchEnv, target: ColdTarget, port: number): Promise<string[]> {
  if (target === "floor")
    return [compileFloor(env.root), String(port), `http://127.0.0.1:${env.emulatorPort}`];
  const config = (await tollgateConfig(env, target === "tollgate-gov")).file;
  return [TOLLGATE_MAIN, "start", "--config", config, "--port", String(port)];
}

async function answered(port: number): Promise<boolean> {
  const req = SCENARIOS.find((s) => s.id === "chat-1c")!.gateway;
  try {
    const r = await request(`http://127.0.0.1:${port}${req.path}`, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      reset: true,
    });
    await r.body.dump();
    return r.statusCode === 200;
  } catch {
    return false;
  }
}

/** Milliseconds from spawning the process to its first successful chat answer (median of `times`). */
export async function coldStart(env: BenchEnv, target: ColdTarget, times: number): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < times; i++) {
    const port = await freePort();
    const args = await argsFor(env, target, port);
    const t0 = performance.now();
    const s = spawnPinned(env.pin, env.pin.sut, process.execPath, args, { cwd: env.root });
    try {
      while (!(await answered(port))) {
        if (performance.now() - t0 > 20_000) throw new Error(`${target} did not answer within 20 s`);
        await sleep(2);
      }
      results.push(performance.now() - t0);
    } finally {
      await stop(s);
    }
  }
  return median(results);
}

export { median };

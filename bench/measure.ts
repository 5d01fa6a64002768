/**
 * One measured run (a scenario against a system) and the interleaved rounds: every scenario runs
 * against every system back to back, the system order rotates each round, and the report takes
 * medians over rounds, so slow drift of the machine hits every system alike.
 */
import type { LoadGenerator, LoadResult } from "./load.js";
import { cpuNs, rssBytes } from "./proc.js";
import type { Scenario } from "./scenarios.js";
import type { System, SystemId } from "./systems.js";

export interface Sample extends LoadResult {
  /** CPU time the system's processes spent per completed request, microseconds (NaN for direct). */
  cpuUs: number;
  /** Highest resident memory sampled during the run, bytes (NaN for direct). */
  rssPeak: number;
}

export type Results = Map<string, Map<SystemId, Sample[]>>;

const RSS_EVERY_MS = 100;

export async function measure(
  gen: LoadGenerator,
  sys: System,
  sc: Scenario,
  seconds: number,
): Promise<Sample> {
  const pids = sys.pids();
  let rssPeak = pids.length ? rssBytes(pids) : Number.NaN;
  const timer = setInterval(() => {
    if (pids.length) rssPeak = Math.max(rssPeak, rssBytes(pids));
  }, RSS_EVERY_MS);
  const cpu0 = cpuNs(pids);
  let r: LoadResult;
  try {
    const req = sys.gateway ? sc.gateway : sc.direct;
    r = await gen.run({ url: sys.url, req, connections: sc.connections, seconds });
  } finally {
    clearInterval(timer);
  }
  const cpu = cpuNs(pids) - cpu0;
  const total = r.ok + r.errors;
  return { ...r, cpuUs: pids.length && total ? cpu / 1000 / total : Number.NaN, rssPeak };
}

export interface RoundsOptions {
  rounds: number;
  seconds: number;
  /** Seconds of unrecorded load per scenario and system before the first round (JIT, pools). */
  warmup: number;
  log: (s: string) => void;
}

export async function runRounds(
  gen: LoadGenerator,
  systems: System[],
  scenarios: Scenario[],
  opts: RoundsOptions,
): Promise<Results> {
  const results: Results = new Map();
  // Every system gets at least one second of load before anything is recorded (JIT, connection pools).
  const warm = opts.warmup > 0 ? scenarios : scenarios.slice(0, 1);
  opts.log(`warm-up: ${Math.max(1, opts.warmup)} s per system for ${warm.map((s) => s.id).join(", ")}`);
  for (const sc of warm) for (const sys of systems) await measure(gen, sys, sc, Math.max(1, opts.warmup));
  for (let round = 0; round < opts.rounds; round++) {
    const order = systems.map((_, i) => systems[(i + round) % systems.length]!);
    for (const sc of scenarios) {
      const row = results.get(sc.id) ?? new Map<SystemId, Sample[]>();
      results.set(sc.id, row);
      for (const sys of order) {
        const s = await measure(gen, sys, sc, opts.seconds);
        row.set(sys.id, [...(row.get(sys.id) ?? []), s]);
        const err = s.errors ? `  ${s.errors} ERRORS` : "";
        opts.log(
          `round ${round + 1}/${opts.rounds}  ${sc.id.padEnd(20)} ${sys.label.padEnd(26)} ` +
            `${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(3)} ms  ` +
            `cpu ${Number.isNaN(s.cpuUs) ? "-" : s.cpuUs.toFixed(1)} µs/req${err}`,
        );
      }
    }
  }
  return results;
}

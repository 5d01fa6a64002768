/**
 * `npm run bench -- --soak SECONDS`: Tollgate under continuous load (32 connections, cycling
 * through non-streamed, streamed and translated requests in 10-second slices), its RSS sampled
 * after every slice. Prints the curve and whether memory grew after the first minute.
 */
import type { BenchOptions } from "./args.js";
import { chooseGenerator } from "./load.js";
import { measure } from "./measure.js";
import { median } from "./probe.js";
import { rssBytes } from "./proc.js";
import { SCENARIOS } from "./scenarios.js";
import { describe, log, type Setup } from "./setup.js";
import { startTollgate } from "./systems.js";

const SLICE_S = 10;
const MIX = ["chat-32c", "stream-32c", "translate-stream-32c", "anthropic-32c"];
const MB = 2 ** 20;

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den ? num / den : 0;
}

function sparkline(ys: number[]): string {
  const bars = "▁▂▃▄▅▆▇█";
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  return ys.map((y) => bars[hi === lo ? 0 : Math.round(((y - lo) / (hi - lo)) * 7)]).join("");
}

export async function soak(setup: Setup, opts: BenchOptions): Promise<string> {
  const { env } = setup;
  const gen = chooseGenerator(env.pin, env.root, env.tmp, opts.load);
  const sys = await startTollgate(env, { governance: opts.governance });
  const rows: Array<{ t: number; rss: number; rps: number; scenario: string; errors: number }> = [];
  const t0 = Date.now();
  rows.push({ t: 0, rss: rssBytes(sys.pids()) / MB, rps: 0, scenario: "idle", errors: 0 });
  try {
    for (let i = 0; (Date.now() - t0) / 1000 < opts.soak; i++) {
      const sc = SCENARIOS.find((s) => s.id === MIX[i % MIX.length])!;
      const s = await measure(gen, sys, sc, SLICE_S);
      const t = Math.round((Date.now() - t0) / 1000);
      rows.push({ t, rss: rssBytes(sys.pids()) / MB, rps: s.rps, scenario: sc.id, errors: s.errors });
      log(`soak ${t}s  RSS ${rows.at(-1)!.rss.toFixed(1)} MB  ${s.rps.toFixed(0)} req/s (${sc.id})`);
    }
  } finally {
    await sys.stop();
  }
  // RSS under load is a GC sawtooth; what matters is its lower envelope: the lowest sample per minute.
  const loaded = rows.slice(1);
  const minutes = new Map<number, number>();
  for (const r of loaded) {
    const m = Math.floor((r.t - 1) / 60);
    minutes.set(m, Math.min(minutes.get(m) ?? Number.POSITIVE_INFINITY, r.rss));
  }
  const lows = [...minutes.entries()].filter(([m]) => m >= 1);
  const perMin =
    lows.length > 2
      ? slope(
          lows.map(([m]) => m),
          lows.map(([, v]) => v),
        )
      : Number.NaN;
  const growth = (lows.at(-1)?.[1] ?? Number.NaN) - (minutes.get(0) ?? Number.NaN);
  const verdict =
    lows.length < 2
      ? "– too short to judge (run at least 3 minutes)"
      : perMin < 0.5 && growth < 10
        ? "✅ no growth"
        : "❌ grows";
  const lines = [
    "# Tollgate soak",
    "",
    ...describe(env, gen, [
      `variant: ${opts.governance ? "(b) governance" : "(a) no policies"}; ${opts.soak} s; ` +
        `${SLICE_S}-s slices of 32 connections cycling ${MIX.join(", ")}`,
    ]).map((h) => `- ${h}`),
    "",
    `RSS curve (MB): ${sparkline(rows.map((r) => r.rss))}`,
    "",
    `- lowest RSS per minute (the sawtooth's floor): ${[...minutes.values()].map((v) => v.toFixed(0)).join(", ")} MB`,
    `- growth of that floor, first to last minute: ${growth.toFixed(1)} MB; slope after the first minute ` +
      `${perMin.toFixed(2)} MB/min; median ${median(loaded.map((r) => r.rss)).toFixed(1)} MB; ` +
      `peak ${Math.max(...rows.map((r) => r.rss)).toFixed(1)} MB`,
    `- verdict: ${verdict} (limits: floor slope < 0.5 MB/min after the first minute, < 10 MB first to last minute)`,
    "",
    "| t s | RSS MB | req/s | slice | errors |",
    "|---:|---:|---:|---|---:|",
    ...rows.map(
      (r) => `| ${r.t} | ${r.rss.toFixed(1)} | ${r.rps.toFixed(0)} | ${r.scenario} | ${r.errors} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * `npm run bench`: the emulator called directly, nginx (when installed), the Node floor and
 * Tollgate (no policies; governance chain), measured interleaved on the same scenarios; then time
 * to first token, cold start, and a markdown report on stdout and in bench/results/latest.md.
 * `--soak` and `--profile` run the other two modes (see bench/soak.ts, bench/profile.ts).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import { type BenchOptions, parseBenchArgs } from "./args.js";
import { balancerBench } from "./balancers.js";
import { chooseGenerator } from "./load.js";
import { runRounds } from "./measure.js";
import { coldStart, probeTtft, type TtftResult } from "./probe.js";
import { rssBytes } from "./proc.js";
import { profile } from "./profile.js";
import { renderReport } from "./report.js";
import { SCENARIOS, TTFT_SCENARIOS } from "./scenarios.js";
import { build, describe, log, RESULTS, ROOT, type Setup, setUp } from "./setup.js";
import { soak } from "./soak.js";
import { type BenchEnv, type System, type SystemId, startAll } from "./systems.js";

async function governanceNotes(env: BenchEnv, gov: System | undefined): Promise<string[]> {
  if (!gov) return [];
  const notes: string[] = [];
  const sc = SCENARIOS[0]!.gateway;
  const { authorization: _a, "x-api-key": _x, ...noKey } = sc.headers;
  const refused = await request(gov.url + sc.path, { method: "POST", headers: noKey, body: sc.body });
  await refused.body.dump();
  notes.push(`governance: a request without a key gets ${refused.statusCode} (expected 401)`);
  const admitted = await request(gov.url + sc.path, { method: "POST", headers: sc.headers, body: sc.body });
  await admitted.body.dump();
  const remaining = admitted.headers["x-ratelimit-remaining-requests"];
  notes.push(
    `governance: a request with the key gets ${admitted.statusCode}, x-ratelimit-remaining-requests: ${remaining ?? "absent (limits not applied?)"}`,
  );
  const jsonl = join(env.tmp, "usage.jsonl");
  const lines = existsSync(jsonl) ? readFileSync(jsonl, "utf8").split("\n").filter(Boolean).length : 0;
  const db = join(env.tmp, "usage.db");
  const dbSize = existsSync(db) ? statSync(db).size : 0;
  notes.push(
    `governance: usage records written — JSONL: ${lines ? `${lines} lines` : "none (sink not wired yet?)"}; ` +
      `SQLite: ${dbSize ? `${Math.round(dbSize / 1024)} KiB` : "no file (sink not wired yet?)"}`,
  );
  const metrics = await request(`${gov.adminUrl ?? gov.url}/metrics`, { method: "GET" });
  const text = await metrics.body.text();
  notes.push(
    `governance: GET /metrics answers ${metrics.statusCode}` +
      (metrics.statusCode === 200 && text.includes("tollgate_requests_total")
        ? " with tollgate_requests_total"
        : ""),
  );
  notes.push(
    "governance: (b) has key auth, a request limit, a token limit and a budget (reserved and settled per request) and observability",
  );
  return notes;
}

async function compare(setup: Setup, opts: BenchOptions): Promise<string> {
  const { env } = setup;
  const gen = chooseGenerator(env.pin, env.root, env.tmp, opts.load);
  if (gen.name !== "wrk") log("wrk not found (or not chosen): autocannon reports latency in whole ms");
  const systems = await startAll(env, log);
  const notes: string[] = [];
  try {
    const idleRss = new Map<SystemId, number>();
    for (const s of systems) if (s.pids().length) idleRss.set(s.id, rssBytes(s.pids()));
    const scenarios = SCENARIOS.filter((s) => !opts.only || opts.only.includes(s.id));
    const results = await runRounds(gen, systems, scenarios, {
      rounds: opts.rounds,
      seconds: opts.seconds,
      warmup: opts.warmup,
      log,
    });
    const afterRss = systems
      .filter((s) => s.pids().length)
      .map((s) => `${s.label} ${(rssBytes(s.pids()) / 2 ** 20).toFixed(0)} MB`);
    notes.push(`RSS after the load, idle again: ${afterRss.join("; ")}`);
    const ttft = new Map<string, Map<string, TtftResult>>();
    for (const id of TTFT_SCENARIOS.filter((t) => scenarios.some((s) => s.id === t))) {
      log(`time to first token: ${id}, ${opts.ttftSamples} streams per system`);
      ttft.set(id, await probeTtft(systems, id, opts.ttftSamples));
    }
    notes.push(
      ...(await governanceNotes(
        env,
        systems.find((s) => s.id === "tollgate-gov"),
      )),
    );
    const cold = new Map<SystemId, number>();
    log("cold start …");
    for (const id of ["floor", "tollgate", "tollgate-gov"] as const) {
      cold.set(id, await coldStart(env, id, opts.coldStarts));
    }
    const header = describe(env, gen, [
      `method: ${opts.rounds} interleaved round(s) of ${opts.seconds} s per scenario and system; ` +
        `medians over rounds; CPU = utime+stime of the system's processes / requests`,
    ]);
    return renderReport({
      header,
      systems: systems.map((s) => s.id),
      results,
      idleRss,
      ttft,
      coldStart: cold,
      notes,
    });
  } finally {
    for (const s of systems) await s.stop();
  }
}

async function main(): Promise<void> {
  const opts = parseBenchArgs(process.argv.slice(2));
  if (opts.balancersOnly) {
    process.stdout.write(await balancerBench(opts.rounds < 3));
    return;
  }
  if (opts.build) build();
  const setup = await setUp();
  process.once("SIGINT", () => void setup.cleanup().then(() => process.exit(130)));
  try {
    if (opts.soak > 0) {
      const md = await soak(setup, opts);
      writeFileSync(join(RESULTS, "soak.md"), md);
      process.stdout.write(md);
    } else if (opts.profile) {
      const md = await profile(setup, opts);
      writeFileSync(join(RESULTS, "profile.md"), md);
      process.stdout.write(md);
    } else {
      const md = (await compare(setup, opts)) + (await balancerBench(opts.rounds < 3));
      writeFileSync(join(RESULTS, "latest.md"), md);
      process.stdout.write(md);
      log(`written to ${join("bench", "results", "latest.md")} (under ${ROOT})`);
    }
  } finally {
    await setup.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

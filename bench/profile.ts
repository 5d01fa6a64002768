/**
 * `npm run bench -- --profile`: for each of a few scenarios, a fresh Tollgate under
 * `node --cpu-prof` takes load, exits cleanly (so V8 writes the profile), and the profile is
 * summarised. The `.cpuprofile` files stay in bench/results/profiles/ for a flame graph.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { BenchOptions } from "./args.js";
import { renderSummary, summarise } from "./cpuprofile.js";
import { chooseGenerator } from "./load.js";
import { measure } from "./measure.js";
import { SCENARIOS } from "./scenarios.js";
import { describe, log, RESULTS, type Setup } from "./setup.js";
import { startTollgate } from "./systems.js";

const PROFILED = ["chat-32c", "stream-32c", "translate-32c", "translate-stream-32c", "anthropic-32c"];

export async function profile(setup: Setup, opts: BenchOptions): Promise<string> {
  const { env } = setup;
  const gen = chooseGenerator(env.pin, env.root, env.tmp, opts.load);
  const dir = join(RESULTS, "profiles");
  mkdirSync(dir, { recursive: true });
  const variant = opts.governance ? "governance" : "none";
  const lines = [
    "# Tollgate CPU profile",
    "",
    ...describe(env, gen, [
      `variant: ${variant}; ${opts.profileSeconds} s of load per scenario after 2 s of warm-up; ` +
        "sampling interval 250 µs; the profiler itself adds CPU, so µs/req here is above the bench's",
    ]).map((h) => `- ${h}`),
  ];
  const ids = opts.only ?? PROFILED;
  for (const id of ids) {
    const sc = SCENARIOS.find((s) => s.id === id);
    if (!sc) throw new Error(`unknown scenario '${id}'`);
    const name = `tollgate-${variant}-${id}`;
    const before = new Set(readdirSync(dir));
    const spawned = performance.now();
    const sys = await startTollgate(env, {
      governance: opts.governance,
      nodeArgs: [
        "--cpu-prof",
        `--cpu-prof-dir=${dir}`,
        `--cpu-prof-name=${name}.cpuprofile`,
        "--cpu-prof-interval=250",
      ],
    });
    log(`profiling ${id} (${variant}) …`);
    await measure(gen, sys, sc, 2);
    const startup = performance.now() - spawned;
    const s = await measure(gen, sys, sc, opts.profileSeconds);
    await sys.stop();
    const written = readdirSync(dir).find(
      (f) => f === `${name}.cpuprofile` || (!before.has(f) && f.endsWith(".cpuprofile")),
    );
    lines.push("", `## ${id}: ${sc.title}`, "");
    lines.push(
      `${s.rps.toFixed(0)} req/s, ${s.cpuUs.toFixed(1)} µs CPU per request under the profiler, ${s.errors} errors.`,
      "",
    );
    if (!written) {
      lines.push("No profile was written (did Tollgate exit cleanly on SIGTERM?).");
      continue;
    }
    lines.push(`Profile: bench/results/profiles/${written}`, "");
    lines.push(`Start-up and warm-up (first ${(startup / 1000).toFixed(1)} s) left out of the tables.`, "");
    lines.push(...renderSummary(summarise(join(dir, written), startup)));
  }
  return `${lines.join("\n")}\n`;
}

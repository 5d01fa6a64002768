/**
 * The balancer micro-benchmark: the cost of one decision (`plan`) for a 10-target pool, per
 * algorithm, in process (no HTTP). Learning balancers get an outcome after every decision, as in
 * the gateway. The target is under 5 µs per decision for every algorithm but `semantic`,
 * which embeds the prompt (measured with an instant fake embedder: the balancer's own overhead;
 * the embedder's time comes on top).
 */
import type { Balancer, PlanInput } from "../src/router/balancers/balancer.js";
import { createBalancer } from "../src/router/balancers/registry.js";
import { planInput } from "../src/router/balancers/test-input.js";
import { Breaker } from "../src/router/breaker.js";
import { systemClock } from "../src/router/clock.js";
import { ModelRouter } from "../src/router/model-router.js";

type T = { id: string; weight: number; description: string };

const TARGET_NS = 5000;
const POOL: T[] = Array.from({ length: 10 }, (_, i) => ({
  id: `provider/model-${i + 1}`,
  weight: 1 + (i % 3),
  description: `target ${i + 1}: topic ${i + 1}`,
}));
/** A realistic request: a 2 KB system prompt, three tools, a consumer and a session header. */
const INPUTS: PlanInput[] = Array.from({ length: 64 }, (_, i) =>
  planInput({
    system: `You are assistant ${i}. `.padEnd(2048, "Follow the house style. "),
    user: `question ${i}`,
    tools: ["search", "fetch_page", "run_sql"],
    consumer: `consumer-${i}`,
    headers: { "x-session": `s-${i}` },
  }),
);
const usage = { prompt_tokens: 500, completion_tokens: 200, total_tokens: 700 };

const CASES: Array<[string, Record<string, unknown>]> = [
  ["priority", { algorithm: "priority" }],
  ["round-robin", { algorithm: "round-robin" }],
  ["least-inflight", { algorithm: "least-inflight" }],
  ["lowest-latency (e2e)", { algorithm: "lowest-latency" }],
  ["lowest-latency (tpot)", { algorithm: "lowest-latency", latency_strategy: "tpot" }],
  ["lowest-usage (total_tokens)", { algorithm: "lowest-usage" }],
  ["consistent-hash (prefix)", { algorithm: "consistent-hash", hash_on: "prefix" }],
  ["consistent-hash (header)", { algorithm: "consistent-hash", hash_on: "header:x-session" }],
  ["consistent-hash (consumer)", { algorithm: "consistent-hash", hash_on: "consumer" }],
];

function decide(b: Balancer<T>, i: number): void {
  const order = b.plan(POOL, INPUTS[i & 63]!) as T[];
  const t = order[0]!;
  b.begin?.(t);
  b.observe?.(t, { ok: true, e2eMs: 100 + (i % 7), firstByteMs: 20, usage });
}

function nsPerDecision(b: Balancer<T>, n: number): number {
  for (let i = 0; i < 20_000; i++) decide(b, i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) decide(b, i);
  return Number(process.hrtime.bigint() - start) / n;
}

async function semanticNs(n: number): Promise<number> {
  const vector = Array.from({ length: 512 }, (_, i) => Math.sin(i));
  const b = createBalancer<T>(
    { algorithm: "semantic", embedder: { type: "model", model: "bench" } },
    { embedWith: () => async (texts) => texts.map(() => vector) },
  );
  for (let i = 0; i < 2000; i++) await b.plan(POOL, INPUTS[i & 63]!);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await b.plan(POOL, INPUTS[i & 63]!);
  return Number(process.hrtime.bigint() - start) / n;
}

/**
 * What routing costs a single-target model per request: the router's whole decision (`plan`),
 * without and with a breaker. Policy routes are not consulted when none are configured.
 */
async function singleTargetNs(n: number, breaker: boolean): Promise<number> {
  type R = T & { breaker?: Breaker };
  const target: R = {
    ...POOL[0]!,
    ...(breaker
      ? { breaker: new Breaker({ max_fails: 3, window_ms: 10_000, cooldown_ms: 30_000 }, systemClock) }
      : {}),
  };
  const settings = {
    retries: { attempts: 1, backoff_ms: 100, max_backoff_ms: 5000, max_retry_after_ms: 2000 },
    fallbackOn: [],
    timeouts: undefined,
  };
  const router = new ModelRouter<R>(
    "round-robin",
    createBalancer<R>({ algorithm: "round-robin" } as never) as Balancer<R>,
    settings as never,
    [target],
  );
  for (let i = 0; i < 20_000; i++) await router.plan(INPUTS[i & 63]!);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await router.plan(INPUTS[i & 63]!);
  return Number(process.hrtime.bigint() - start) / n;
}

/** The report section: one row per algorithm, with the verdict against 5 µs. */
export async function balancerBench(quick: boolean): Promise<string> {
  const n = quick ? 50_000 : 300_000;
  const rows = ["", "## Balancer decision, 10-target pool (in process)", ""];
  rows.push("| algorithm | ns / decision | target < 5 µs |", "|---|---:|---|");
  for (const [label, config] of CASES) {
    const ns = nsPerDecision(createBalancer<T>(config as never) as Balancer<T>, n);
    rows.push(`| ${label} | ${ns.toFixed(0)} | ${ns < TARGET_NS ? "met" : "MISSED"} |`);
  }
  const sem = await semanticNs(quick ? 5_000 : 20_000);
  rows.push(
    `| semantic (instant fake embedder, 512 dims) | ${sem.toFixed(0)} | not a target (embeds the prompt) |`,
  );
  const single = await singleTargetNs(n, false);
  const singleBreaker = await singleTargetNs(n, true);
  rows.push(
    `| single-target model, no breaker (the router's whole decision) | ${single.toFixed(0)} | ${single < 1000 ? "met (< 1 µs)" : "MISSED (≥ 1 µs)"} |`,
    `| single-target model with a breaker | ${singleBreaker.toFixed(0)} | ${singleBreaker < 1000 ? "met (< 1 µs)" : "MISSED (≥ 1 µs)"} |`,
  );
  rows.push(
    "",
    `${n} decisions per algorithm after 20 000 unrecorded; each decision is plan + begin + observe, with a 2 KB system prompt and three tools.`,
    "",
  );
  return rows.join("\n");
}

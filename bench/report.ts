/**
 * The markdown report: medians per scenario and system, latency added over calling the emulator
 * directly (paired within each round), gateway CPU per request against the Node floor, memory,
 * time to first token, cold start, and the targets with a verdict each.
 */
import type { Results, Sample } from "./measure.js";
import type { TtftResult } from "./probe.js";
import { median } from "./probe.js";
import { SCENARIOS } from "./scenarios.js";
import { LABELS, type SystemId } from "./systems.js";

export interface ReportInput {
  header: string[];
  systems: SystemId[];
  results: Results;
  idleRss: Map<SystemId, number>;
  ttft: Map<string, Map<string, TtftResult>>;
  coldStart: Map<SystemId, number>;
  notes: string[];
}

const MB = 1024 * 1024;
const f = (n: number, d: number): string => (Number.isFinite(n) ? n.toFixed(d) : "–");
const signed = (n: number, d: number): string =>
  Number.isFinite(n) ? (n >= 0 ? "+" : "") + n.toFixed(d) : "–";

function med(samples: Sample[] | undefined, key: keyof Sample): number {
  return median((samples ?? []).map((s) => s[key]).filter((x) => Number.isFinite(x)));
}

/** Median over rounds of (system − direct) for a latency percentile, paired within each round. */
function added(results: Results, sc: string, sys: SystemId, key: "p50" | "p99"): number {
  const row = results.get(sc);
  const own = row?.get(sys) ?? [];
  const base = row?.get("direct") ?? [];
  return median(own.map((s, i) => s[key] - (base[i]?.[key] ?? Number.NaN)).filter(Number.isFinite));
}

function mainTable(input: ReportInput): string[] {
  const out = [
    "| scenario | system | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | CPU µs/req | × floor | peak RSS MB | errors |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const sc of SCENARIOS) {
    const row = input.results.get(sc.id);
    if (!row) continue;
    const floorCpu = med(row.get("floor"), "cpuUs");
    for (const sys of input.systems) {
      const s = row.get(sys);
      if (!s) continue;
      const cpu = med(s, "cpuUs");
      const direct = sys === "direct";
      const errors = s.reduce((a, x) => a + x.errors, 0);
      out.push(
        `| ${sc.id} | ${LABELS[sys]} | ${f(med(s, "rps"), 0)} | ${f(med(s, "p50"), 3)} | ${f(med(s, "p99"), 3)} | ` +
          `${direct ? "" : signed(added(input.results, sc.id, sys, "p50"), 3)} | ` +
          `${direct ? "" : signed(added(input.results, sc.id, sys, "p99"), 3)} | ${f(cpu, 1)} | ` +
          `${direct ? "" : f(cpu / floorCpu, 2)} | ${f(Math.max(...s.map((x) => x.rssPeak)) / MB, 0)} | ${errors} |`,
      );
    }
  }
  return out;
}

function ttftTable(input: ReportInput): string[] {
  const out = [
    "| stream | system | time to first token ms | vs direct ms | whole stream ms |",
    "|---|---|---:|---:|---:|",
  ];
  for (const [sc, bySys] of input.ttft) {
    const direct = bySys.get("direct")?.ttft ?? Number.NaN;
    for (const sys of input.systems) {
      const t = bySys.get(sys);
      if (!t) continue;
      const vs = sys === "direct" ? "" : signed(t.ttft - direct, 3);
      out.push(`| ${sc} | ${LABELS[sys]} | ${f(t.ttft, 3)} | ${vs} | ${f(t.total, 3)} |`);
    }
  }
  return out;
}

interface Target {
  what: string;
  limit: string;
  value: number;
  unit: string;
  ok: boolean;
}

function targets(input: ReportInput): Target[] {
  const r = input.results;
  const cpu = (sc: string, sys: SystemId) => med(r.get(sc)?.get(sys), "cpuUs");
  const floor = cpu("chat-32c", "floor");
  const out: Target[] = [];
  const add = (what: string, limit: string, value: number, unit: string, ok: boolean) =>
    out.push({ what, limit, value, unit, ok: Number.isFinite(value) && ok });
  for (const [sys, max, name] of [
    ["tollgate", 1.5, "(a) no policies"],
    ["tollgate-gov", 2.5, "(b) governance"],
  ] as const) {
    const x = cpu("chat-32c", sys) / floor;
    add(`CPU per non-streamed request, 32 connections, ${name}`, `≤ ${max}× floor`, x, "×", x <= max);
  }
  for (const sys of ["tollgate", "tollgate-gov"] as const) {
    const x = added(r, "chat-1c", sys, "p50");
    add(`added p50 latency, 1 connection, ${LABELS[sys]}`, "< 0.3 ms", x, "ms", x < 0.3);
  }
  for (const [sc, bySys] of input.ttft) {
    const direct = bySys.get("direct")?.ttft ?? Number.NaN;
    for (const sys of ["tollgate", "tollgate-gov"] as const) {
      const x = (bySys.get(sys)?.ttft ?? Number.NaN) - direct;
      add(
        `time to first token vs direct, ${sc}, ${LABELS[sys]}`,
        "within 0.5 ms",
        x,
        "ms",
        Math.abs(x) <= 0.5,
      );
    }
  }
  for (const sys of ["tollgate", "tollgate-gov"] as const) {
    const idle = (input.idleRss.get(sys) ?? Number.NaN) / MB;
    add(`RSS idle, ${LABELS[sys]}`, "< 100 MB", idle, "MB", idle < 100);
    const peak =
      Math.max(
        ...SCENARIOS.filter((s) => s.connections === 32).flatMap((s) =>
          (r.get(s.id)?.get(sys) ?? []).map((x) => x.rssPeak),
        ),
      ) / MB;
    add(`RSS peak at 32 connections, ${LABELS[sys]}`, "< 200 MB", peak, "MB", peak < 200);
  }
  const floorStart = input.coldStart.get("floor") ?? Number.NaN;
  for (const [sys, ms] of input.coldStart) {
    if (sys === "floor") continue;
    const ref = ` (Node floor: ${f(floorStart, 0)} ms)`;
    add(`cold start to first answer, ${LABELS[sys]}${ref}`, "< 300 ms", ms, "ms", ms < 300);
  }
  return out;
}

export function renderReport(input: ReportInput): string {
  const t = targets(input);
  const lines = [
    "# Tollgate benchmark",
    "",
    ...input.header.map((h) => `- ${h}`),
    "",
    "## Throughput, latency, CPU and memory (medians over rounds)",
    "",
    ...mainTable(input),
    "",
    "## Streams: time to first token (sequential, one connection)",
    "",
    ...ttftTable(input),
    "",
    "## Targets",
    "",
    "| target | limit | measured | |",
    "|---|---|---:|---|",
    ...t.map(
      (x) =>
        `| ${x.what} | ${x.limit} | ${f(x.value, x.unit === "ms" ? 3 : 2)} ${x.unit} | ${x.ok ? "✅" : "❌"} |`,
    ),
    "",
    "Soak (RSS over time under load) is a separate run: `npm run bench -- --soak 600`.",
  ];
  if (input.notes.length) lines.push("", "## Notes", "", ...input.notes.map((n) => `- ${n}`));
  return `${lines.join("\n")}\n`;
}

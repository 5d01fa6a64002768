/**
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) and summarises it: self time and
 * inclusive time per function, and self time per area (Tollgate's own code, undici, pino, Node's
 * internals, native code such as JSON, garbage collection). Open the file itself in Chrome DevTools
 * (Performance panel) or https://www.speedscope.app for the flame graph.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  where: string;
  area: string;
  /** Share of non-idle samples, percent. */
  self: number;
  inclusive: number;
}

export interface ProfileSummary {
  /** Sampled non-idle milliseconds. */
  busyMs: number;
  functions: FunctionTime[];
  areas: Array<{ area: string; self: number }>;
}

function areaOf(url: string, name: string): string {
  if (name === "(garbage collector)") return "GC";
  if (name === "(program)") return "V8/native (program)";
  if (!url) return "native builtins (JSON, regexp, …)";
  if (url.includes("/dist/src/")) return "Tollgate";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "Node internals";
  return "other";
}

function whereOf(url: string, line: number): string {
  if (!url) return "";
  const short = url.replace(/^file:\/\/.*?\/(dist\/src\/|node_modules\/)/, "$1");
  return `${short}:${line + 1}`;
}

/** Summarises a profile, leaving out its first `skipMs` (start-up: module loading, compilation). */
export function summarise(file: string, skipMs = 0): ProfileSummary {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const keyOf = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"}\t${n.callFrame.url}\t${n.callFrame.lineNumber}`;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let busy = 0;
  let elapsed = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!);
    const dt = p.timeDeltas[i + 1] ?? 0;
    elapsed += p.timeDeltas[i] ?? 0;
    if (elapsed < skipMs * 1000) continue;
    if (!node || node.callFrame.functionName === "(idle)") continue;
    busy += dt;
    const k = keyOf(node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const kk = keyOf(byId.get(id)!);
      if (seen.has(kk)) continue;
      seen.add(kk);
      incl.set(kk, (incl.get(kk) ?? 0) + dt);
    }
  }
  const pct = (x: number) => (100 * x) / busy;
  const functions: FunctionTime[] = [...incl.entries()]
    .filter(([k]) => !k.startsWith("(root)"))
    .map(([k, v]) => {
      const [name = "", url = "", line = "0"] = k.split("\t");
      return {
        name,
        where: whereOf(url, Number(line)),
        area: areaOf(url, name),
        self: pct(self.get(k) ?? 0),
        inclusive: pct(v),
      };
    });
  const areas = new Map<string, number>();
  for (const fn of functions) areas.set(fn.area, (areas.get(fn.area) ?? 0) + fn.self);
  return {
    busyMs: busy / 1000,
    functions,
    areas: [...areas.entries()].map(([area, s]) => ({ area, self: s })).sort((a, b) => b.self - a.self),
  };
}

/** Markdown tables: areas, the top functions by self time, Tollgate's functions by inclusive time. */
export function renderSummary(s: ProfileSummary, top = 25): string[] {
  const out = ["| area | self % |", "|---|---:|"];
  for (const a of s.areas.filter((x) => x.self >= 0.1)) out.push(`| ${a.area} | ${a.self.toFixed(1)} |`);
  out.push("", "| function | where | area | self % | inclusive % |", "|---|---|---|---:|---:|");
  for (const f of [...s.functions].sort((a, b) => b.self - a.self).slice(0, top)) {
    out.push(`| ${f.name} | ${f.where} | ${f.area} | ${f.self.toFixed(1)} | ${f.inclusive.toFixed(1)} |`);
  }
  out.push("", "Tollgate functions by inclusive time:", "");
  out.push("| function | where | inclusive % | self % |", "|---|---|---:|---:|");
  const own = s.functions.filter((f) => f.area === "Tollgate").sort((a, b) => b.inclusive - a.inclusive);
  for (const f of own.slice(0, top)) {
    out.push(`| ${f.name} | ${f.where} | ${f.inclusive.toFixed(1)} | ${f.self.toFixed(1)} |`);
  }
  return out;
}

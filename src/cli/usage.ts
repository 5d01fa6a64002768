/**
 * `tollgate usage`: the usage ledger's sums from `GET /admin/v1/usage`, as a table or JSON.
 * `--from`/`--to` take an ISO date or time, or a time before now (`7d`, `12h`, `30m`, `2w`),
 * which is turned into an ISO time here so the admin API sees one format.
 */
import { LEDGER_DIMENSIONS, type LedgerDimension } from "../state/record-types.js";
import { type AdminClientOptions, adminCall, type Out, printTable } from "./admin-client.js";

/** Each ledger dimension is also a filter option of the same name (`--team core`). */
export interface UsageOptions extends AdminClientOptions, Partial<Record<LedgerDimension, string>> {
  groupBy?: string;
  from?: string;
  to?: string;
}

interface UsageRow {
  group: Record<string, string | null>;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cost_usd: number;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `7d` → seven days before `now`; an ISO date or time as given; anything else is an error naming the option. */
export function parseWhen(option: string, value: string, now = Date.now()): string {
  const rel = /^(\d+)([mhdw])$/.exec(value.trim());
  if (rel) return new Date(now - Number(rel[1]) * UNIT_MS[rel[2]!]!).toISOString();
  if (value === "now") return new Date(now).toISOString();
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(t))
    throw new Error(
      `${option}: expected an ISO date or time (2026-12-01, 2026-12-01T08:00:00Z) or a time ago (30m, 12h, 7d, 2w), got '${value}'`,
    );
  return new Date(t).toISOString();
}

export function usageQuery(o: UsageOptions, now = Date.now()): string {
  const q = new URLSearchParams();
  if (o.groupBy) q.set("group_by", o.groupBy.replace(/\s+/g, ""));
  if (o.from) q.set("from", parseWhen("--from", o.from, now));
  if (o.to) q.set("to", parseWhen("--to", o.to, now));
  for (const f of LEDGER_DIMENSIONS) if (o[f] !== undefined) q.set(f, o[f]!);
  const s = q.toString();
  return `/admin/v1/usage${s ? `?${s}` : ""}`;
}

export async function showUsage(o: UsageOptions, out: Out): Promise<void> {
  const r = (await adminCall(o, "GET", usageQuery(o))) as {
    from: string;
    to: string;
    group_by: string[];
    data: UsageRow[];
  };
  if (o.json) return out(JSON.stringify(r));
  out(`usage from ${r.from} to ${r.to}`);
  const dims = r.group_by;
  const rows = [[...dims.map((d) => d.toUpperCase()), "REQUESTS", "INPUT", "OUTPUT", "TOTAL", "COST_USD"]];
  for (const u of r.data)
    rows.push([
      ...dims.map((d) => u.group[d] ?? "-"),
      String(u.requests),
      String(u.input_tokens),
      String(u.output_tokens),
      String(u.total_tokens),
      u.cost_usd.toFixed(6),
    ]);
  if (!r.data.length) return out("no usage in this range");
  printTable(rows, out);
}

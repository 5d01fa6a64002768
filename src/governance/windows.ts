/**
 * Window and period arithmetic for limits (fixed windows: `1m` counts from the top of each minute)
 * and budgets (calendar periods in UTC). Every counter key carries its window's start, so a new
 * window is a new counter and an old one expires by itself.
 */
import type { BudgetSpec } from "./policy.js";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `1m` → 60000. The schema already checked the shape. */
export function windowMs(window: string): number {
  const unit = window.slice(-1) as keyof typeof UNIT_MS;
  return Number(window.slice(0, -1)) * UNIT_MS[unit];
}

export interface Span {
  start: number;
  /** When the counter resets; Infinity for a budget that never does. */
  end: number;
}

/** The fixed window of `len` ms that holds `now`, aligned to the epoch. */
export function windowAt(now: number, len: number): Span {
  const start = Math.floor(now / len) * len;
  return { start, end: start + len };
}

/**
 * The budget period that holds `now`. `calendar` periods start at 00:00 UTC, on Monday (ISO week)
 * or on the 1st; `rolling` is not tracked as a sliding sum: it uses fixed periods of the same
 * length counted from the epoch (docs/governance.md says so).
 */
export function periodAt(now: number, budget: Pick<BudgetSpec, "period" | "alignment">): Span {
  const day = UNIT_MS.d;
  switch (budget.period) {
    case "none":
      return { start: 0, end: Number.POSITIVE_INFINITY };
    case "daily":
      return windowAt(now, day);
    case "weekly": {
      if (budget.alignment === "rolling") return windowAt(now, 7 * day);
      const d = new Date(windowAt(now, day).start);
      const back = (d.getUTCDay() + 6) % 7; // days since Monday
      const start = d.getTime() - back * day;
      return { start, end: start + 7 * day };
    }
    case "monthly": {
      if (budget.alignment === "rolling") return windowAt(now, 30 * day);
      const d = new Date(now);
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      return { start, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
    }
  }
}

/** A duration the way OpenAI writes its `x-ratelimit-reset-*` headers: `20ms`, `1s`, `6m0s`, `1h2m3s`. */
export function resetText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  let s = Math.ceil(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * Window and period arithmetic for limits (fixed windows: `1m` counts from the top of each minute)
 * and budgets (calendar periods in UTC, or rolling periods counted from the budget's anchor).
 * Every counter key carries its window's start, so a new window is a new counter and an old one
 * expires by itself.
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
 * or on the 1st. `rolling` periods are counted from the budget's anchor (ms since the epoch, its
 * creation or an explicit `anchor`): every day or week from it, or every month on the anchor's
 * day and time of day, clamped to the month's last day (anchored on the 31st: Feb 28, Mar 31,
 * Apr 30). They are fixed periods, not a sliding sum: spend resets when one ends. Periods extend
 * before the anchor too, so an anchor in the future still gives a period for `now`.
 */
export function periodAt(now: number, budget: Pick<BudgetSpec, "period" | "alignment">, anchor = 0): Span {
  const day = UNIT_MS.d;
  const rolling = budget.alignment === "rolling";
  switch (budget.period) {
    case "none":
      return { start: 0, end: Number.POSITIVE_INFINITY };
    case "daily":
      return rolling ? anchoredWindow(now, anchor, day) : windowAt(now, day);
    case "weekly": {
      if (rolling) return anchoredWindow(now, anchor, 7 * day);
      const d = new Date(windowAt(now, day).start);
      const back = (d.getUTCDay() + 6) % 7; // days since Monday
      const start = d.getTime() - back * day;
      return { start, end: start + 7 * day };
    }
    case "monthly": {
      if (rolling) return anchoredMonth(now, anchor);
      const d = new Date(now);
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      return { start, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
    }
  }
}

/** The window of `len` ms holding `now` in the lattice `anchor + k·len` (k may be negative). */
function anchoredWindow(now: number, anchor: number, len: number): Span {
  const start = anchor + Math.floor((now - anchor) / len) * len;
  return { start, end: start + len };
}

/** The `k`-th month after the anchor: its day of month (clamped) and its time of day. */
function monthFrom(a: Date, k: number): number {
  const y = a.getUTCFullYear();
  const m = a.getUTCMonth() + k;
  // why: day 0 of the next month is this month's last day; Date.UTC normalises month overflow.
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const dayStart = Date.UTC(y, m, Math.min(a.getUTCDate(), last));
  return dayStart + (a.getTime() - Date.UTC(y, a.getUTCMonth(), a.getUTCDate()));
}

function anchoredMonth(now: number, anchor: number): Span {
  const a = new Date(anchor);
  const n = new Date(now);
  let k = (n.getUTCFullYear() - a.getUTCFullYear()) * 12 + (n.getUTCMonth() - a.getUTCMonth());
  // The month difference is right or one too high (now is before this month's anchor day).
  if (monthFrom(a, k) > now) k--;
  return { start: monthFrom(a, k), end: monthFrom(a, k + 1) };
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

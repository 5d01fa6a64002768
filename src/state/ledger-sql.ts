/**
 * The ledger sum as one SQL statement, shared by SQLite and PostgreSQL (they differ only in
 * placeholders). Column names come from a fixed list, never from the caller; values are bound.
 */
import { StateInputError } from "./errors.js";
import { checkTime, LEDGER_DIMENSIONS, LEDGER_MEASURES } from "./record-input.js";
import type { LedgerDimension, LedgerSum, LedgerSumQuery } from "./record-types.js";

export interface SqlStatement {
  text: string;
  values: (string | number)[];
}

function checkDimension(name: unknown, what: string): LedgerDimension {
  if (typeof name !== "string" || !LEDGER_DIMENSIONS.includes(name)) {
    throw new StateInputError(`${what} must be one of ${LEDGER_DIMENSIONS.join(", ")}, got ${String(name)}`);
  }
  return name as LedgerDimension;
}

/** Builds the SELECT; `mark(n)` renders the n-th placeholder (1-based). */
export function ledgerSumSql(query: LedgerSumQuery, mark: (n: number) => string): SqlStatement {
  const from = checkTime(query?.from, "from");
  const to = checkTime(query.to, "to");
  const values: (string | number)[] = [from, to];
  const where = [`ts >= ${mark(1)}`, `ts < ${mark(2)}`];
  for (const [name, value] of Object.entries(query.where ?? {})) {
    const column = checkDimension(name, "where field");
    if (value === null) {
      where.push(`"${column}" IS NULL`);
    } else if (typeof value === "string") {
      values.push(value);
      where.push(`"${column}" = ${mark(values.length)}`);
    } else {
      throw new StateInputError(`where.${column} must be a string or null`);
    }
  }
  const groupBy = (query.groupBy ?? []).map((g, i) => `"${checkDimension(g, `groupBy[${i}]`)}"`);
  const sums = LEDGER_MEASURES.map((m) => `COALESCE(SUM("${m}"), 0) AS "${m}"`);
  const select = [...groupBy, `COUNT(*) AS requests`, ...sums].join(", ");
  const grouping =
    groupBy.length > 0
      ? ` GROUP BY ${groupBy.join(", ")} ORDER BY ${groupBy.map((g) => `${g} NULLS FIRST`).join(", ")}`
      : "";
  return { text: `SELECT ${select} FROM tollgate_ledger WHERE ${where.join(" AND ")}${grouping}`, values };
}

/** A result row → LedgerSum (PostgreSQL returns sums and counts as strings). */
export function toLedgerSum(row: Record<string, unknown>, query: LedgerSumQuery): LedgerSum {
  const group: LedgerSum["group"] = {};
  for (const g of query.groupBy ?? []) group[g] = (row[g] as string | null) ?? null;
  const out = { group, requests: Number(row.requests) } as LedgerSum;
  for (const m of LEDGER_MEASURES) out[m] = Number(row[m]);
  return out;
}

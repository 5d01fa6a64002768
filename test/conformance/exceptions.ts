/**
 * The cases a provider cannot serve, each with its reason: every column's `unsupported` list
 * (declared in its emulator folder), with the column it belongs to.
 */
import type { Dialect } from "./cases.js";
import type { Unsupported } from "./column.js";
import { TARGETS } from "./targets.js";

export interface Exception extends Unsupported {
  target: string;
}

export const EXCEPTIONS: Exception[] = TARGETS.flatMap((t) =>
  (t.unsupported ?? []).map((u) => ({ target: t.id, ...u })),
);

export function exceptionFor(target: string, caseId: string, dialect: Dialect): Exception | undefined {
  return EXCEPTIONS.find(
    (e) => e.target === target && e.case === caseId && (e.dialect === undefined || e.dialect === dialect),
  );
}

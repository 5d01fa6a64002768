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

/**
 * The parameter as the client dialect names it in a refusal: exceptions name the Chat Completions
 * field, and the Responses API has its own names for two of them.
 */
const RESPONSES_PARAMS: Record<string, string> = {
  response_format: "text.format",
  "messages.content.image_url": "input.content.image_url",
};

export function clientParam(param: string, dialect: Dialect): string {
  return dialect === "responses" ? (RESPONSES_PARAMS[param] ?? param) : param;
}

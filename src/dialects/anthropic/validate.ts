/**
 * Zod validation that fails with a 400 `GatewayError` naming the offending field as `param`
 * (`messages.1.content.0.type`), the way the Messages API names it in its own errors.
 */
import type { z } from "zod";
import { GatewayError } from "../../canonical/errors.js";

type Issue = z.core.$ZodIssue;
type PathPart = PropertyKey;

/** Parses `value` with `schema`, or throws a 400 naming the deepest failing field. */
export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  base: readonly PathPart[] = [],
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  if (!first) throw GatewayError.invalid("Invalid request body.");
  const { path, message } = deepest(first, [...base]);
  const param = path.map(String).join(".");
  throw GatewayError.invalid(param ? `${param}: ${message}` : message, param || undefined);
}

/** Builds the 400 for a field that is well-formed but not allowed where it is. */
export function invalidAt(path: readonly PathPart[], message: string): GatewayError {
  const param = path.map(String).join(".");
  return param ? GatewayError.invalid(`${param}: ${message}`, param) : GatewayError.invalid(message);
}

/**
 * A union (`string | block[]`) reports "Invalid input" at its own path; the useful issue is the
 * one inside the branch that got furthest, e.g. a bad block `type` three levels down.
 */
function deepest(issue: Issue, base: PathPart[]): { path: PathPart[]; message: string } {
  const path = [...base, ...issue.path];
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return { path, message: issue.message };
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const head = branch[0];
    if (head && (!best || head.path.length >= best.path.length)) best = head;
  }
  if (!best) return { path, message: issue.message };
  if (best.path.length === 0 && best.code === "invalid_type") {
    const expected = issue.errors.map((b) => (b[0]?.code === "invalid_type" ? b[0].expected : "?"));
    return { path, message: `Invalid input: expected ${expected.join(" or ")}` };
  }
  return deepest(best, path);
}

/**
 * The request contract (DESIGN.md): `tenant`, `user`, `workflow`, `sensitivity`, `latency_class`,
 * `budget_class`, `trace_id`, from `x-tollgate-*` headers or the body's `metadata`. Headers win.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { RequestContract } from "../canonical/chat.js";

export const CONTRACT_FIELDS = [
  "tenant",
  "user",
  "workflow",
  "sensitivity",
  "latency_class",
  "budget_class",
  "trace_id",
] as const;

/** Copies the metadata bag, keeping only string values for contract fields. */
export function contractFrom(metadata: Record<string, unknown>): RequestContract & Record<string, unknown> {
  const out: RequestContract & Record<string, unknown> = { ...metadata };
  for (const f of CONTRACT_FIELDS) if (f in out && typeof out[f] !== "string") delete out[f];
  return out;
}

/** Reads `x-tollgate-<field>` headers (underscores as dashes: `x-tollgate-latency-class`). */
export function contractFromHeaders(headers: IncomingHttpHeaders): RequestContract | undefined {
  let out: RequestContract | undefined;
  for (const f of CONTRACT_FIELDS) {
    const v = headers[`x-tollgate-${f.replace("_", "-")}`];
    if (typeof v === "string" && v) {
      out ??= {};
      out[f] = v;
    }
  }
  return out;
}

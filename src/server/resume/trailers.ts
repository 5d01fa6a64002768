/**
 * A resumable stream's routing headers are sent before it is known whether it will be resumed,
 * so their final values also go out as HTTP trailers (declared up front in `trailer`, as
 * RFC 9110 §6.6.2 asks): the attempts made and the target that finished the answer.
 */
import type { RequestContext } from "../../pipeline/context.js";
import { baseHeaders } from "../respond.js";

const NAMES = ["x-tollgate-attempts", "x-tollgate-provider", "x-tollgate-target", "x-tollgate-resumed"];

export function withResumeTrailers(headers: Record<string, string>): Record<string, string> {
  return { ...headers, trailer: NAMES.join(", ") };
}

export function resumeTrailers(ctx: RequestContext): Record<string, string> {
  const h = baseHeaders(ctx);
  const out: Record<string, string> = { "x-tollgate-resumed": ctx.resumed ? "true" : "false" };
  for (const n of NAMES) if (h[n] !== undefined) out[n] = h[n];
  return out;
}

/** Writing responses: JSON bodies, errors in the client's dialect, common headers. */
import type { ServerResponse } from "node:http";
import { GatewayError } from "../canonical/errors.js";
import { dialectNamed } from "../dialects/registry.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";

/** Headers every proxy response carries. */
export function baseHeaders(ctx: RequestContext): Record<string, string> {
  const h: Record<string, string> = { ...ctx.responseHeaders, "x-request-id": ctx.id };
  // Which provider answered (or failed last), and after how many attempts.
  if (ctx.provider) h["x-tollgate-provider"] = headerSafe(ctx.provider);
  if (ctx.target) h["x-tollgate-target"] = headerSafe(ctx.target);
  if (ctx.model) h["x-tollgate-route"] = headerSafe(ctx.route ?? `model:${ctx.model}`);
  if (ctx.attempts) h["x-tollgate-attempts"] = String(ctx.attempts);
  if (ctx.warnings.length) h["x-tollgate-warning"] = headerSafe(clientWarnings(ctx).join("; "));
  return h;
}

/** The warnings as the client's dialect names its fields (a Responses client sent `text.format`). */
function clientWarnings(ctx: RequestContext): string[] {
  const render = dialectNamed(ctx.dialect)?.renderWarning;
  return render ? ctx.warnings.map((w) => render(w)) : ctx.warnings;
}

/** Header values must be printable ASCII (config names and messages may not be). */
const headerSafe = (v: string): string => v.replace(/[^\x20-\x7e]/g, "?");

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Any error → the dialect's error body. Unknown errors become a generic 500: never a stack trace. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  return new GatewayError({
    status: 500,
    kind: "internal",
    code: "internal_error",
    message: "Tollgate hit an internal error; the request id in 'x-request-id' identifies it in the logs.",
  });
}

export function sendError(
  res: ServerResponse,
  ctx: RequestContext,
  dialect: ChatDialect,
  err: unknown,
): void {
  const e = toGatewayError(err);
  ctx.status = e.status;
  ctx.errorCode = e.code;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const r = dialect.renderError(e);
  sendJson(res, e.status, r.body, { ...baseHeaders(ctx), ...r.headers });
}

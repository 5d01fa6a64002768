/**
 * The admin API router: matches `/admin/v1/...` routes by method and path pattern, checks the
 * caller's admin token role, parses the JSON body, and renders results and errors as JSON.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayState } from "../server/gateway-state.js";
import { StateUnavailableError } from "../state/types.js";
import { AdminError } from "./admin-error.js";
import { authorize } from "./auth.js";
import type { AdminResult, AdminRoute } from "./route.js";

/** Admin bodies are small documents; a larger one is a mistake, not data. */
const BODY_LIMIT = 1024 * 1024;

interface Compiled {
  route: AdminRoute;
  parts: string[];
}

export class AdminRouter {
  readonly #routes: Compiled[];

  constructor(routes: readonly AdminRoute[]) {
    this.#routes = routes.map((route) => ({ route, parts: route.path.split("/").filter(Boolean) }));
  }

  /** Whether this router owns the path (everything under `/admin/v1/`). */
  owns(path: string): boolean {
    return path === "/admin/v1" || path.startsWith("/admin/v1/");
  }

  async serve(req: IncomingMessage, res: ServerResponse, gw: GatewayState): Promise<void> {
    const url = new URL(req.url ?? "/", "http://admin");
    let result: AdminResult;
    try {
      result = await this.#dispatch(req, url, gw);
    } catch (err) {
      result = toResult(err, gw);
    }
    const body = result.body === undefined ? "" : JSON.stringify(result.body);
    res.writeHead(result.status, {
      ...(body ? { "content-type": "application/json" } : {}),
      "cache-control": "no-store",
      ...result.headers,
    });
    res.end(body);
  }

  async #dispatch(req: IncomingMessage, url: URL, gw: GatewayState): Promise<AdminResult> {
    const parts = url.pathname.split("/").filter(Boolean);
    const matches = this.#routes
      .map((c) => ({ c, params: match(c.parts, parts) }))
      .filter((m) => m.params !== undefined);
    if (matches.length === 0) {
      throw new AdminError(404, "route_not_found", `No admin route for '${url.pathname}'.`);
    }
    const hit = matches.find((m) => m.c.route.method === req.method);
    if (!hit) {
      const allowed = [...new Set(matches.map((m) => m.c.route.method))].join(", ");
      return {
        status: 405,
        body: new AdminError(
          405,
          "method_not_allowed",
          `${req.method} is not allowed here; use ${allowed}.`,
        ).toBody(),
        headers: { allow: allowed },
      };
    }
    authorize(req, gw.serving.snapshot.config.admin, hit.c.route.role);
    const body = await readJson(req);
    return hit.c.route.handle({ req, params: hit.params!, query: url.searchParams, body, gw });
  }
}

function match(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(":")) {
      try {
        params[p.slice(1)] = decodeURIComponent(parts[i]!);
      } catch {
        return undefined;
      }
    } else if (p !== parts[i]) return undefined;
  }
  return params;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT)
      throw new AdminError(413, "body_too_large", "The request body is larger than 1 MiB.");
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const type = String(req.headers["content-type"] ?? "");
  if (type && !type.includes("json")) {
    throw new AdminError(
      415,
      "unsupported_media_type",
      "Send the body as JSON (content-type: application/json).",
    );
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (err) {
    throw new AdminError(400, "invalid_json", `The body is not valid JSON: ${(err as Error).message}`);
  }
}

function toResult(err: unknown, gw: GatewayState): AdminResult {
  if (err instanceof AdminError) return { status: err.status, body: err.toBody() };
  if (err instanceof StateUnavailableError) {
    gw.logger.warn({ err: err.message }, "admin API: records store unavailable");
    const e = new AdminError(
      503,
      "storage_unavailable",
      "The records store is unavailable; see the gateway log.",
    );
    return { status: 503, body: e.toBody() };
  }
  gw.logger.error({ err: String(err) }, "admin API route failed");
  return {
    status: 500,
    body: new AdminError(500, "internal_error", "The admin route failed; see the gateway log.").toBody(),
  };
}

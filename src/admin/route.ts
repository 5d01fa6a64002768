/**
 * One admin API route. Route modules (`src/admin/routes/*.ts`) export lists of these; the admin
 * server matches method and path, checks the caller's role, and renders the result as JSON.
 */
import type { IncomingMessage } from "node:http";
import type { GatewayState } from "../server/gateway-state.js";

/** `read` routes answer with the read-only token too; `full` routes need the full token. */
export type AdminRole = "read" | "full";

export interface AdminRequest {
  req: IncomingMessage;
  /** Path parameters by name (`/admin/v1/keys/:id` → `params.id`). */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined without one). */
  body: unknown;
  gw: GatewayState;
}

export interface AdminResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface AdminRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** e.g. `/admin/v1/keys/:id`. */
  path: string;
  role: AdminRole;
  handle(r: AdminRequest): Promise<AdminResult>;
}

/**
 * Admin token check. Two roles: `admin.token` (full: every route) and `admin.read_token` (read
 * only). Without a configured `admin.token` the admin API is closed: every `/admin/v1/` route
 * answers 403 saying how to open it (metrics and health stay open). Tokens are compared as
 * SHA-256 digests in constant time, so neither their length nor their content leaks by timing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { AdminError } from "./admin-error.js";
import type { AdminRole } from "./route.js";

export interface AdminTokens {
  token?: string | undefined;
  read_token?: string | undefined;
}

const digest = (s: string) => createHash("sha256").update(s).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

function bearer(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth !== "string" || auth.slice(0, 7).toLowerCase() !== "bearer ") return undefined;
  return auth.slice(7).trim() || undefined;
}

/** The caller's role, or an AdminError (401 no/wrong token, 403 closed API or too weak a role). */
export function authorize(req: IncomingMessage, tokens: AdminTokens, needed: AdminRole): AdminRole {
  if (!tokens.token) {
    throw new AdminError(
      403,
      "admin_api_disabled",
      'The admin API is closed: no admin token is configured. Set admin.token (e.g. "{env://TOLLGATE_ADMIN_TOKEN}"); a reload applies it.',
    );
  }
  const presented = bearer(req);
  if (!presented) {
    throw new AdminError(
      401,
      "missing_admin_token",
      "No admin token provided. Send 'Authorization: Bearer <admin token>'.",
    );
  }
  const role: AdminRole | undefined = same(presented, tokens.token)
    ? "full"
    : tokens.read_token && same(presented, tokens.read_token)
      ? "read"
      : undefined;
  if (!role) throw new AdminError(401, "invalid_admin_token", "Incorrect admin token provided.");
  if (needed === "full" && role !== "full") {
    throw new AdminError(
      403,
      "read_only_token",
      "This admin token is read-only; this route needs the full admin token.",
    );
  }
  return role;
}

/**
 * The emulated OAuth 2.0 token endpoint for service accounts (JWT bearer grant,
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest):
 * `POST /token` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`.
 * The assertion's structure and claims are checked; its RS256 signature is not (the emulator does
 * not know the service account's public key).
 */
import type { RouteMatch } from "../types.js";

const GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** Google answers `expires_in: 3599` (an hour less the second it took). */
export const TOKEN_LIFETIME_S = 3599;

/** Tokens this process issued; the Vertex routes accept only these. */
const issued = new Set<string>();
let counter = 0;

/** The claims of the last assertion seen, for tests. */
export const lastAssertion: { header?: Record<string, unknown>; claims?: Record<string, unknown> } = {};

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const oauthError = (error: string, description: string) => ({
  status: 400,
  body: { error, error_description: description },
});

/** Handles `POST /token`. */
export function tokenEndpoint(body: unknown): { status: number; body: unknown } {
  const form = new URLSearchParams(typeof body === "string" ? body : "");
  if (form.get("grant_type") !== GRANT) return oauthError("unsupported_grant_type", "Invalid grant_type: ");
  const [h, c, sig] = (form.get("assertion") ?? "").split(".");
  const header = decodePart(h);
  const claims = decodePart(c);
  if (!header || !claims || !sig)
    return oauthError(
      "invalid_grant",
      "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe",
    );
  if (header.alg !== "RS256") return oauthError("invalid_grant", "Invalid JWT Signature.");
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  if (typeof claims.iss !== "string" || !claims.aud || !(exp > iat) || exp - iat > 3600) {
    return oauthError(
      "invalid_grant",
      "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
    );
  }
  if (typeof claims.scope !== "string" || !claims.scope)
    return oauthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
  // Google's answer for a key it does not know (deleted or never valid); the test config uses a
  // service account whose email starts with `invalid@` for the authentication-failure case.
  if (claims.iss.startsWith("invalid@")) return oauthError("invalid_grant", "Invalid JWT Signature.");
  lastAssertion.header = header;
  lastAssertion.claims = claims;
  if (issued.size > 10_000) issued.clear();
  const token = `ya29.emu-${++counter}-${claims.iss.replace(/[^A-Za-z0-9]/g, "")}`;
  issued.add(token);
  return { status: 200, body: { access_token: token, expires_in: TOKEN_LIFETIME_S, token_type: "Bearer" } };
}

/** Whether the request carries `Authorization: Bearer <a token issued here>`. */
export function hasIssuedToken(match: RouteMatch): boolean {
  const auth = match.headers.authorization;
  const m = /^Bearer (\S+)$/.exec(Array.isArray(auth) ? (auth[0] ?? "") : (auth ?? ""));
  return m !== null && issued.has(m[1]!);
}

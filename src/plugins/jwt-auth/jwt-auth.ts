/**
 * JWT identity: a bearer token that is a JWT is verified against an OIDC issuer's JWKS (with
 * `jose`: signature, `iss`, `aud`, `exp`/`nbf` with a clock tolerance), and its claims become
 * `ctx.identity` (consumer, team, tenant, models). Runs before key-auth, which then accepts the
 * request because an identity is set. A bearer that is not a JWT is left to key-auth. Failures are
 * 401 `invalid_token` naming the check that failed; the token's contents are never echoed.
 */
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import { GatewayError } from "../../canonical/errors.js";
import type { RequestContext } from "../../pipeline/context.js";
import type { Identity } from "../../pipeline/identity.js";
import type { Plugin, PluginDefinition, Verdict } from "../../pipeline/plugin.js";
import { type JwtAuthConfig, jwtAuthConfigSchema } from "./config.js";

/** Bound on what we try to verify: real ID/access tokens are a few KiB. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

function presented(ctx: RequestContext): string | undefined {
  const auth = ctx.headers.authorization;
  if (typeof auth === "string" && auth.length > 7 && auth.slice(0, 7).toLowerCase() === "bearer ") {
    return auth.slice(7).trim();
  }
  const xKey = ctx.headers["x-api-key"];
  return typeof xKey === "string" && xKey ? xKey : undefined;
}

/**
 * Whether a credential is a JWS compact JWT: three base64url segments whose header is a JSON
 * object with an `alg`. Tollgate keys (`tg-…`) and provider-style keys never are.
 */
export function looksLikeJwt(token: string): boolean {
  if (token.length > MAX_TOKEN_LENGTH) return false;
  const parts = token.split(".");
  if (
    parts.length !== 3 ||
    !parts.every((p, i) => (i === 2 ? p === "" || SEGMENT.test(p) : SEGMENT.test(p)))
  ) {
    return false;
  }
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0] as string, "base64url").toString("utf8"));
    return (
      typeof header === "object" && header !== null && typeof (header as { alg?: unknown }).alg === "string"
    );
  } catch {
    return false;
  }
}

function invalid(check: string): Verdict {
  return {
    refuse: new GatewayError({
      status: 401,
      kind: "authentication",
      code: "invalid_token",
      message: `The bearer JWT was rejected: ${check}.`,
    }),
  };
}

/** Which check failed, in words; never the token's values. */
function explain(err: unknown): Verdict {
  if (err instanceof errors.JWTExpired) return invalid("it has expired (exp)");
  if (err instanceof errors.JWTClaimValidationFailed) {
    const what: Record<string, string> = {
      iss: "its issuer (iss) is not the configured issuer",
      aud: "its audience (aud) does not include the configured audience",
      nbf: "it is not valid yet (nbf)",
      iat: "its issued-at time (iat) is invalid",
      exp: "its expiry (exp) is invalid",
      sub: "its subject (sub) is invalid",
    };
    const check = what[err.claim] ?? `its '${err.claim}' claim failed validation`;
    return invalid(err.reason === "missing" ? `the '${err.claim}' claim is missing` : check);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return invalid("its signature does not verify");
  if (err instanceof errors.JWKSNoMatchingKey)
    return invalid("no key of the issuer's JWKS matches its key id");
  if (err instanceof errors.JOSEAlgNotAllowed) return invalid("its signing algorithm is not allowed");
  if (err instanceof errors.JOSENotSupported) return invalid("its signing algorithm is not supported");
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return invalid("it is malformed");
  // The issuer's key endpoint failed (unreachable, timed out, not a JWKS): not the client's fault.
  return {
    refuse: new GatewayError({
      status: 503,
      kind: "upstream",
      code: "jwks_unavailable",
      message: "The token issuer's signing keys (JWKS) could not be fetched; try again later.",
    }),
  };
}

function claimAt(payload: JWTPayload, path: string | undefined): unknown {
  if (!path) return undefined;
  let at: unknown = payload;
  for (const part of path.split(".")) {
    if (typeof at !== "object" || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function text(v: unknown): string | undefined {
  if (typeof v === "string" && v.length > 0) return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A models claim: an array of names, or one space-separated string (like OAuth's `scope`). */
function modelSet(v: unknown): ReadonlySet<string> | undefined | null {
  if (v === undefined) return undefined;
  if (typeof v === "string") return new Set(v.split(" ").filter(Boolean));
  if (Array.isArray(v) && v.every((m) => typeof m === "string")) return new Set(v as string[]);
  return null;
}

function create(config: JwtAuthConfig): Plugin {
  const jwks = createRemoteJWKSet(new URL(config.jwks_url), {
    cooldownDuration: config.jwks_cooldown_s * 1000,
    cacheMaxAge: config.jwks_cache_max_age_s * 1000,
    timeoutDuration: config.jwks_timeout_ms,
  });
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clock_tolerance_s,
    ...(config.algorithms ? { algorithms: config.algorithms } : {}),
  };
  const { claims } = config;
  return {
    name: "jwt-auth",
    // why: before key-auth (0), which accepts a request once an identity is set.
    priority: -10,
    failMode: "closed",
    async access(ctx) {
      const token = presented(ctx);
      if (!token || !looksLikeJwt(token)) return undefined;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, options));
      } catch (err) {
        return explain(err);
      }
      const consumer = text(claimAt(payload, claims.consumer));
      if (!consumer) return invalid(`the '${claims.consumer}' claim (the consumer) is missing`);
      const models = modelSet(claimAt(payload, claims.models));
      if (models === null) return invalid(`the '${claims.models}' claim is not a list of model names`);
      const team = text(claimAt(payload, claims.team));
      const tenant = text(claimAt(payload, claims.tenant));
      const identity: Identity = {
        consumer,
        ...(team ? { team } : {}),
        ...(tenant ? { tenant } : {}),
        ...(models ? { models } : {}),
      };
      ctx.identity = identity;
      return undefined;
    },
  };
}

export const jwtAuthPlugin: PluginDefinition<JwtAuthConfig> = {
  name: "jwt-auth",
  configSchema: jwtAuthConfigSchema,
  create,
};

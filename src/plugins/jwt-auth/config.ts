import { z } from "zod";

/** JWS algorithms jose verifies with public keys; symmetric (HS*) ones make no sense with a JWKS URL. */
export const JWT_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
] as const;

/** A claim name, or a dotted path into nested claims (`org.team`). */
const claimPath = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^.]+(\.[^.]+)*$/, "a claim name, or a dotted path such as org.team");

export const jwtAuthConfigSchema = z
  .object({
    /** The token's `iss` must equal this (the OIDC issuer URL). */
    issuer: z.string().min(1),
    /** Where the issuer publishes its signing keys (JWKS). */
    jwks_url: z.string().url(),
    /** The token's `aud` must contain this (one of these). */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Accepted signing algorithms; default: every asymmetric one jose supports. */
    algorithms: z.array(z.enum(JWT_ALGORITHMS)).min(1).optional(),
    /** Seconds of clock skew allowed on `exp` / `nbf` / `iat`. */
    clock_tolerance_s: z.number().int().min(0).max(600).default(30),
    /** Which claims name the caller's consumer, team and tenant, and the models it may use. */
    claims: z
      .object({
        consumer: claimPath.default("sub"),
        team: claimPath.optional(),
        tenant: claimPath.optional(),
        /** An array of model names, or one space-separated string. */
        models: claimPath.optional(),
      })
      .strict()
      .default({ consumer: "sub" }),
    /** Seconds between JWKS refetches when a token names an unknown key (jose's cooldown). */
    jwks_cooldown_s: z.number().int().min(0).max(3600).default(30),
    /** Seconds a fetched JWKS is trusted before it is fetched again. */
    jwks_cache_max_age_s: z.number().int().min(1).max(86_400).default(600),
    /** Milliseconds to wait for the JWKS endpoint. */
    jwks_timeout_ms: z.number().int().min(100).max(60_000).default(5000),
  })
  .strict();
export type JwtAuthConfig = z.infer<typeof jwtAuthConfigSchema>;

/**
 * OAuth 2.0 access tokens for a service account: a signed JWT assertion exchanged at the token
 * endpoint (https://developers.google.com/identity/protocols/oauth2/service-account#httprest).
 *
 * Why not google-auth-library's `JWT` client: it posts to a hard-coded
 * `https://oauth2.googleapis.com/token` (and signs that as the audience) whatever the key's
 * `token_uri` says, so a proxy or the emulator cannot be used without replacing its transport.
 * The exchange is one RS256 signature and one form POST, written here with `node:crypto` and undici.
 */
import { sign } from "node:crypto";
import { request } from "undici";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import type { ServiceAccountKey } from "./config.js";

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** A token is replaced this long before it expires, so that no request carries a dying one. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface TokenSourceOptions {
  provider: string;
  /** Where to exchange the assertion (defaults to the key's `token_uri`). */
  tokenUrl?: string;
  scope?: string;
  /** Clock in milliseconds (tests move it). */
  now?: () => number;
}

/** Anything that yields a Bearer token (tests substitute a fixed one). */
export interface AccessTokenSource {
  token(): Promise<string>;
}

/** Caches the token until shortly before expiry; concurrent callers share one exchange. */
export class ServiceAccountTokenSource implements AccessTokenSource {
  private cached: { token: string; expiresAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly key: ServiceAccountKey,
    private readonly opts: TokenSourceOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  token(): Promise<string> {
    if (this.cached && this.now() < this.cached.expiresAt - REFRESH_MARGIN_MS) {
      return Promise.resolve(this.cached.token);
    }
    this.inflight ??= this.exchange().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** The signed assertion: RS256 over `header.claims`, audience = the key's token_uri. */
  assertion(): string {
    const iat = Math.floor(this.now() / 1000);
    const header = {
      alg: "RS256",
      typ: "JWT",
      ...(this.key.private_key_id ? { kid: this.key.private_key_id } : {}),
    };
    const claims = {
      iss: this.key.client_email,
      scope: this.opts.scope ?? CLOUD_PLATFORM_SCOPE,
      aud: this.key.token_uri,
      iat,
      exp: iat + 3600,
    };
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const input = `${b64(header)}.${b64(claims)}`;
    return `${input}.${sign("RSA-SHA256", Buffer.from(input), this.key.private_key).toString("base64url")}`;
  }

  private async exchange(): Promise<string> {
    const started = this.now();
    const form = new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: this.assertion(),
    });
    let status: number;
    let text: string;
    try {
      const res = await request(this.opts.tokenUrl ?? this.key.token_uri, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch {
      throw this.failure(502, "upstream", "upstream_unreachable", "the token endpoint could not be reached");
    }
    const body = tryParseJson(text);
    if (status === 200 && isRecord(body) && typeof body.access_token === "string") {
      const ttl = typeof body.expires_in === "number" ? body.expires_in : 3600;
      this.cached = { token: body.access_token, expiresAt: started + ttl * 1000 };
      return body.access_token;
    }
    // OAuth errors are `{"error":"invalid_grant","error_description":"…"}`: safe to show, no secret in them.
    const why =
      isRecord(body) && typeof body.error === "string"
        ? `${body.error}: ${String(body.error_description ?? "")}`
        : `HTTP ${status}`;
    if (status >= 500) throw this.failure(502, "upstream", "upstream_error", why);
    throw this.failure(401, "authentication", "invalid_credentials", why);
  }

  private failure(
    status: number,
    kind: "upstream" | "authentication",
    code: string,
    why: string,
  ): GatewayError {
    const message = `Vertex AI service-account token exchange failed (${why}).`;
    return new GatewayError({ status, kind, code, message, provider: this.opts.provider });
  }
}

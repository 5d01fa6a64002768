/**
 * The one error shape inside Tollgate. Dialects render it in the client's format
 * (OpenAI `{"error":{...}}`, Anthropic `{"type":"error","error":{...}}`).
 */

/** The kind of failure; each dialect maps it to its own `type` string. */
export type ErrorKind =
  | "invalid_request"
  | "authentication"
  | "permission"
  | "not_found"
  | "request_too_large"
  | "unsupported_media_type"
  | "rate_limit"
  | "budget"
  | "upstream"
  | "timeout"
  | "overloaded"
  | "internal";

export interface GatewayErrorInit {
  status: number;
  kind: ErrorKind;
  /** Stable machine-readable code, e.g. `model_not_found`, `invalid_api_key`, `upstream_timeout`. */
  code: string;
  message: string;
  param?: string | null;
  /** Seconds the client should wait (kept from the provider's `retry-after`). */
  retryAfter?: string;
  /** The same wait in milliseconds, when the provider said it that precisely (`retry-after-ms`). */
  retryAfterMs?: number;
  /** The provider that produced the error, when it came from upstream. */
  provider?: string;
  /** Extra response headers (e.g. `x-ratelimit-*` on a limit refusal). */
  headers?: Record<string, string>;
  /** Machine-readable detail rendered into the error body (e.g. which limit refused, its state). */
  details?: Record<string, unknown>;
  /**
   * What a refusing rate limit counts, for dialects whose error type names it: OpenAI's own 429
   * body says `"type": "requests"` or `"type": "tokens"` (with code `rate_limit_exceeded`).
   */
  rateLimitType?: "requests" | "tokens";
}

export class GatewayError extends Error {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly code: string;
  readonly param: string | null;
  readonly retryAfter: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly provider: string | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly rateLimitType: "requests" | "tokens" | undefined;

  constructor(init: GatewayErrorInit) {
    super(init.message);
    this.name = "GatewayError";
    this.status = init.status;
    this.kind = init.kind;
    this.code = init.code;
    this.param = init.param ?? null;
    this.retryAfter = init.retryAfter;
    this.retryAfterMs = init.retryAfterMs;
    this.provider = init.provider;
    this.headers = init.headers;
    this.details = init.details;
    this.rateLimitType = init.rateLimitType;
  }

  static invalid(message: string, param?: string, code = "invalid_request"): GatewayError {
    return new GatewayError({ status: 400, kind: "invalid_request", code, message, param: param ?? null });
  }

  /** A canonical parameter this provider cannot serve (and the config says to refuse). */
  static unsupported(param: string, provider: string, detail?: string): GatewayError {
    const why = detail ? `: ${detail}` : "";
    return new GatewayError({
      status: 400,
      kind: "invalid_request",
      code: "unsupported_parameter",
      param,
      provider,
      message: `Parameter '${param}' is not supported by provider '${provider}'${why}.`,
    });
  }
}

/** Status → kind, for errors that only have an HTTP status. */
export function kindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return "invalid_request";
  if (status === 401) return "authentication";
  if (status === 402) return "budget";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 413) return "request_too_large";
  if (status === 415) return "unsupported_media_type";
  if (status === 429) return "rate_limit";
  if (status === 504 || status === 408) return "timeout";
  if (status === 529 || status === 503) return "overloaded";
  if (status >= 500) return "upstream";
  return "invalid_request";
}

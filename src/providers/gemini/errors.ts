/**
 * Google API errors → GatewayError. Gemini (AI Studio) and Vertex AI answer errors as
 * `{"error":{"code","message","status","details"}}` (https://ai.google.dev/gemini-api/docs/troubleshooting,
 * https://cloud.google.com/apis/design/errors#http_mapping).
 */
import { GatewayError, kindForStatus } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import type { GoogleErrorBody } from "./wire.js";

/** Who answered: the configured provider name, and a label for generic messages. */
export interface ErrorSource {
  provider: string;
  label: string;
}

type Headers = Record<string, string | string[] | undefined>;

/** Decodes an error response. HTML or empty bodies (proxies, load balancers) get a generic message. */
export function decodeGoogleError(
  status: number,
  headers: Headers,
  body: string,
  src: ErrorSource,
): GatewayError {
  const header = headers["retry-after"];
  const retryAfter = Array.isArray(header) ? header[0] : header;
  const parsed = tryParseJson(body);
  // streamGenerateContent without `alt=sse` wraps errors in an array; accept both shapes.
  const obj = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!isRecord(obj) || !isRecord(obj.error)) {
    return fromStatus(status, `${src.label} returned HTTP ${status} with a non-JSON body.`, src, retryAfter);
  }
  return fromGoogleError(obj as unknown as GoogleErrorBody, status, src, retryAfter);
}

/** Maps one Google error object (also used for `{"error":…}` events inside a stream). */
export function fromGoogleError(
  body: GoogleErrorBody,
  httpStatus: number,
  src: ErrorSource,
  retryAfter?: string,
): GatewayError {
  const e = body.error;
  const status = e.status ?? "";
  const message = scrub(e.message ?? `${src.label} returned HTTP ${httpStatus}.`);
  const reasons = (e.details ?? []).map((d) => d.reason).filter(Boolean);
  const retry = retryAfter ?? retryDelayOf(e.details);
  const base = { message, provider: src.provider };
  // Fixture `error-api-key-invalid.json`: a bad key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID.
  if (status === "UNAUTHENTICATED" || reasons.includes("API_KEY_INVALID") || httpStatus === 401) {
    return new GatewayError({ ...base, status: 401, kind: "authentication", code: "invalid_api_key" });
  }
  if (status === "PERMISSION_DENIED" || httpStatus === 403) {
    return new GatewayError({ ...base, status: 403, kind: "permission", code: "permission_denied" });
  }
  if (status === "NOT_FOUND" || httpStatus === 404) {
    return new GatewayError({
      ...base,
      status: 404,
      kind: "not_found",
      code: "model_not_found",
      param: "model",
    });
  }
  if (status === "RESOURCE_EXHAUSTED" || httpStatus === 429) {
    return new GatewayError({
      ...base,
      status: 429,
      kind: "rate_limit",
      code: "rate_limit_exceeded",
      ...(retry ? { retryAfter: retry } : {}),
    });
  }
  if (httpStatus === 400 || status === "INVALID_ARGUMENT" || status === "FAILED_PRECONDITION") {
    const tooLong = /token count|tokens allowed|maximum number of tokens|context (length|window)|too long/i;
    const code = tooLong.test(message)
      ? "context_length_exceeded"
      : status
        ? status.toLowerCase()
        : "invalid_request";
    return new GatewayError({ ...base, status: 400, kind: "invalid_request", code });
  }
  return fromStatus(httpStatus, message, src, retry);
}

/** Status-only mapping: 5xx → 502 upstream_error, 503 → overloaded, 504 → upstream_timeout. */
function fromStatus(status: number, message: string, src: ErrorSource, retryAfter?: string): GatewayError {
  const extra = { message, provider: src.provider, ...(retryAfter ? { retryAfter } : {}) };
  if (status === 503)
    return new GatewayError({ ...extra, status: 503, kind: "overloaded", code: "overloaded" });
  if (status === 504)
    return new GatewayError({ ...extra, status: 504, kind: "timeout", code: "upstream_timeout" });
  if (status >= 500 || status < 400) {
    return new GatewayError({ ...extra, status: 502, kind: "upstream", code: "upstream_error" });
  }
  if (status === 429)
    return new GatewayError({ ...extra, status, kind: "rate_limit", code: "rate_limit_exceeded" });
  const kind = kindForStatus(status);
  const code = status === 401 ? "invalid_api_key" : status === 404 ? "model_not_found" : kind;
  return new GatewayError({ ...extra, status, kind, code });
}

/** `google.rpc.RetryInfo.retryDelay` ("7s", "0.5s") → whole seconds, rounded up, as retry-after. */
export function retryDelayOf(details: GoogleErrorBody["error"]["details"]): string | undefined {
  for (const d of details ?? []) {
    const m = typeof d.retryDelay === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay) : null;
    if (m) return String(Math.ceil(Number(m[1])));
  }
  return undefined;
}

/** Removes anything shaped like a Google API key or OAuth access token from a message. */
function scrub(message: string): string {
  return message
    .replace(/AIza[0-9A-Za-z_-]{20,}/g, "[redacted]")
    .replace(/ya29\.[0-9A-Za-z_.-]+/g, "[redacted]");
}

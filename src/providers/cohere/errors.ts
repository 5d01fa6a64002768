/**
 * Cohere error responses → GatewayError. Cohere answers errors as `{"id": "...", "message": "..."}`
 * with the HTTP status saying what failed (https://docs.cohere.com/reference/errors).
 */
import { type ErrorKind, GatewayError, kindForStatus } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";

interface Mapped {
  status: number;
  kind: ErrorKind;
  code: string;
  param?: string;
}

/**
 * Maps one upstream error. `secret` (the configured API key) is scrubbed from the message should
 * the provider ever echo it.
 */
export function decodeCohereError(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  provider: string,
  secret?: string,
): GatewayError {
  const upstream = messageOf(body);
  const mapped = mapStatus(status, upstream ?? "");
  const retryAfter = header(headers, "retry-after");
  let message = upstream
    ? `Cohere: ${upstream}`
    : `Cohere returned HTTP ${status} with ${body.trim() ? "a non-JSON body" : "an empty body"} (provider '${provider}').`;
  // Only a real key is worth scrubbing; a short one ("invalid" in tests) would mangle the text.
  if (secret && secret.length >= 16) message = message.split(secret).join("[redacted]");
  return new GatewayError({
    ...mapped,
    message,
    provider,
    ...(retryAfter ? { retryAfter } : {}),
  });
}

/** The `message` of a Cohere error body, or undefined for HTML, empty or foreign bodies. */
function messageOf(body: string): string | undefined {
  const json = tryParseJson(body);
  if (!isRecord(json)) return undefined;
  if (typeof json.message === "string" && json.message) return json.message;
  // Proxies in front of Cohere sometimes answer in OpenAI's shape.
  if (isRecord(json.error) && typeof json.error.message === "string") return json.error.message;
  return undefined;
}

function mapStatus(status: number, message: string): Mapped {
  const m = message.toLowerCase();
  if (m.startsWith("too many tokens") || m.includes("too many tokens:")) {
    // "too many tokens: max tokens must be ≤ …" is about max_tokens, not the prompt.
    if (m.includes("max tokens must")) {
      return { status: 400, kind: "invalid_request", code: "invalid_request", param: "max_tokens" };
    }
    return { status: 400, kind: "invalid_request", code: "context_length_exceeded", param: "messages" };
  }
  switch (status) {
    case 400:
    case 422:
      return { status, kind: "invalid_request", code: "invalid_request" };
    case 401:
    // 498 is Cohere's "invalid token" status (its SDKs name it InvalidTokenError): a credential problem.
    case 498:
      return { status: 401, kind: "authentication", code: "invalid_api_key" };
    case 402:
      return { status: 402, kind: "permission", code: "payment_required" };
    case 403:
      return { status: 403, kind: "permission", code: "permission_denied" };
    case 404:
      return m.includes("model")
        ? { status: 404, kind: "not_found", code: "model_not_found", param: "model" }
        : { status: 404, kind: "not_found", code: "not_found" };
    case 429:
      return { status: 429, kind: "rate_limit", code: "rate_limit_exceeded" };
    case 503:
    case 529:
      return { status: 503, kind: "overloaded", code: "overloaded" };
    case 504:
      return { status: 504, kind: "timeout", code: "upstream_timeout" };
    default:
      // 499 (Cohere cancelled the request), 500, 501, 502 and anything unknown ≥ 500: the upstream failed.
      if (status >= 500 || status === 499) return { status: 502, kind: "upstream", code: "upstream_error" };
      if (status >= 400) return { status, kind: kindForStatus(status), code: "invalid_request" };
      return { status: 502, kind: "upstream", code: "upstream_error" };
  }
}

/** A failure reported inside a stream (an `error` event, or a malformed or cut-off stream). */
export function cohereStreamError(message: string, provider: string, code = "upstream_error"): GatewayError {
  return new GatewayError({ status: 502, kind: "upstream", code, message: `Cohere: ${message}`, provider });
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name) continue;
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

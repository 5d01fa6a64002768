/**
 * Upstream error responses → GatewayError (https://docs.anthropic.com/en/api/errors).
 * Body: `{"type":"error","error":{"type":"rate_limit_error","message":"…"},"request_id":"req_…"}`.
 */
import { type ErrorKind, GatewayError, kindForStatus } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";

interface Mapped {
  status: number;
  kind: ErrorKind;
  code: string;
}

/** Anthropic error `type` → gateway status, kind and stable code. */
const BY_TYPE: Record<string, Mapped> = {
  invalid_request_error: { status: 400, kind: "invalid_request", code: "invalid_request" },
  authentication_error: { status: 401, kind: "authentication", code: "invalid_api_key" },
  billing_error: { status: 402, kind: "permission", code: "billing_error" },
  permission_error: { status: 403, kind: "permission", code: "permission_denied" },
  not_found_error: { status: 404, kind: "not_found", code: "not_found" },
  request_too_large: { status: 413, kind: "request_too_large", code: "request_too_large" },
  rate_limit_error: { status: 429, kind: "rate_limit", code: "rate_limit_exceeded" },
  api_error: { status: 502, kind: "upstream", code: "upstream_error" },
  timeout_error: { status: 504, kind: "timeout", code: "upstream_timeout" },
  // why: Anthropic answers 529 when overloaded (fixture errors/overloaded-529); clients know 503.
  overloaded_error: { status: 503, kind: "overloaded", code: "overloaded" },
};

/** Status only (a body without an Anthropic error type). */
function byStatus(status: number): Mapped {
  if (status === 503 || status === 529) return { status: 503, kind: "overloaded", code: "overloaded" };
  if (status === 504) return { status: 504, kind: "timeout", code: "upstream_timeout" };
  if (status >= 500) return { status: 502, kind: "upstream", code: "upstream_error" };
  const kind = kindForStatus(status);
  const code = status === 429 ? "rate_limit_exceeded" : status === 401 ? "invalid_api_key" : kind;
  return { status, kind, code };
}

/** Anthropic keys look like `sk-ant-…`; never let one through in a message. */
const KEY_PATTERN = /sk-ant-[A-Za-z0-9_-]+/g;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The refinements a message shows: context overflow, unknown model. */
function refine(m: Mapped, type: string, message: string): Mapped {
  // "prompt is too long: 208310 tokens > 200000 maximum" (invalid_request_error, 400).
  if (/prompt is too long|exceeds? (the )?context (window|limit)|context limit/i.test(message)) {
    return { status: 400, kind: "invalid_request", code: "context_length_exceeded" };
  }
  // "model: claude-nope" (not_found_error, 404).
  if (type === "not_found_error" && /\bmodel\b/i.test(message)) return { ...m, code: "model_not_found" };
  return m;
}

/** Upstream error (status, headers, raw body) → GatewayError. Never echoes the configured key. */
export function decodeAnthropicError(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  provider: string,
  apiKey?: string,
): GatewayError {
  const retryAfter = header(headers, "retry-after");
  const parsed = tryParseJson(body);
  const err = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  const type = typeof err?.type === "string" ? err.type : undefined;
  const raw = typeof err?.message === "string" ? err.message : undefined;
  if (!err || (type === undefined && raw === undefined)) {
    const m = byStatus(status);
    return new GatewayError({
      ...m,
      message: `Provider '${provider}' (Anthropic) returned HTTP ${status} without an Anthropic error body.`,
      provider,
      ...(retryAfter ? { retryAfter } : {}),
    });
  }
  let message = (raw ?? `HTTP ${status}`).replace(KEY_PATTERN, "[redacted]");
  if (apiKey) message = message.split(apiKey).join("[redacted]");
  const base = (type && BY_TYPE[type]) || byStatus(status);
  const m = refine(base, type ?? "", message);
  return new GatewayError({ ...m, message, provider, ...(retryAfter ? { retryAfter } : {}) });
}

/**
 * `GatewayError` → Anthropic error response (https://docs.anthropic.com/en/api/errors):
 * `{"type":"error","error":{"type":"rate_limit_error","message":"…"}}` with the HTTP status.
 */
import type { ErrorKind, GatewayError } from "../../canonical/errors.js";
import type { RenderedError } from "../types.js";

/** https://docs.anthropic.com/en/api/errors#http-errors */
export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "billing_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

const ERROR_TYPES: Record<ErrorKind, AnthropicErrorType> = {
  invalid_request: "invalid_request_error",
  authentication: "authentication_error",
  permission: "permission_error",
  not_found: "not_found_error",
  request_too_large: "request_too_large",
  unsupported_media_type: "invalid_request_error",
  rate_limit: "rate_limit_error",
  budget: "billing_error",
  upstream: "api_error",
  timeout: "timeout_error",
  overloaded: "overloaded_error",
  internal: "api_error",
};

export interface AnthropicErrorBody {
  type: "error";
  error: {
    type: AnthropicErrorType;
    message: string;
    /**
     * Tollgate's stable code (and the offending field), in the place newer Anthropic error
     * bodies keep machine-readable detail; the Anthropic SDK exposes it as `err.errorCode`.
     */
    details: { error_code: string; param?: string; [detail: string]: unknown };
  };
}

/** The error body, shared by the JSON error response and the stream's `error` event. */
export function toAnthropicErrorBody(err: GatewayError): AnthropicErrorBody {
  return {
    type: "error",
    error: {
      type: ERROR_TYPES[err.kind] ?? "api_error",
      message: err.message,
      details: { ...err.details, error_code: err.code, ...(err.param ? { param: err.param } : {}) },
    },
  };
}

/** Status, `retry-after` (kept from the provider) and the Anthropic error body. */
export function renderAnthropicError(err: GatewayError): RenderedError {
  const headers: Record<string, string> = { ...err.headers };
  if (err.retryAfter !== undefined) headers["retry-after"] = err.retryAfter;
  return { status: err.status, headers, body: toAnthropicErrorBody(err) };
}

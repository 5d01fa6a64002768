/**
 * GatewayError → OpenAI error body `{"error":{"message","type","param","code"}}`.
 * https://platform.openai.com/docs/guides/error-codes
 */
import type { ErrorKind, GatewayError } from "../../canonical/errors.js";
import type { RenderedError } from "../types.js";

const TYPES: Record<ErrorKind, string> = {
  invalid_request: "invalid_request_error",
  authentication: "authentication_error",
  permission: "permission_error",
  not_found: "not_found_error",
  request_too_large: "invalid_request_error",
  unsupported_media_type: "invalid_request_error",
  rate_limit: "rate_limit_error",
  // OpenAI's own type for an exhausted quota or budget.
  budget: "insufficient_quota",
  upstream: "api_error",
  timeout: "timeout_error",
  overloaded: "overloaded_error",
  internal: "api_error",
};

export function renderOpenAIError(err: GatewayError): RenderedError {
  const headers: Record<string, string> = { ...err.headers };
  if (err.retryAfter) headers["retry-after"] = err.retryAfter;
  const error = { message: err.message, type: TYPES[err.kind], param: err.param, code: err.code };
  return { status: err.status, headers, body: { error: err.details ? { ...error, ...err.details } : error } };
}

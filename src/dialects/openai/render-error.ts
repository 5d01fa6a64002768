/**
 * GatewayError → OpenAI error body `{"error":{"message","type","param","code"}}`, the shape the
 * official openai-node SDK reads into `APIError.type`/`.code`/`.param`.
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
  // why: OpenAI's own rate-limit 429 names what ran out as its type (`requests` or `tokens`), as
  // the bodies its API returns show (code `rate_limit_exceeded`); clients that branch on it work.
  const type = (err.kind === "rate_limit" && err.rateLimitType) || TYPES[err.kind];
  const error = { message: err.message, type, param: err.param, code: err.code };
  return { status: err.status, headers, body: { error: err.details ? { ...error, ...err.details } : error } };
}

import { describe, expect, it } from "vitest";
import { type ErrorKind, GatewayError } from "../../canonical/errors.js";
import { renderAnthropicError } from "./render-error.js";

const kinds: Array<[ErrorKind, number, string]> = [
  ["invalid_request", 400, "invalid_request_error"],
  ["authentication", 401, "authentication_error"],
  ["permission", 403, "permission_error"],
  ["not_found", 404, "not_found_error"],
  ["request_too_large", 413, "request_too_large"],
  ["unsupported_media_type", 415, "invalid_request_error"],
  ["rate_limit", 429, "rate_limit_error"],
  ["upstream", 502, "api_error"],
  ["timeout", 504, "timeout_error"],
  ["overloaded", 529, "overloaded_error"],
  ["internal", 500, "api_error"],
];

describe("renderAnthropicError", () => {
  it.each(kinds)("%s (%d) → %s", (kind, status, type) => {
    const err = new GatewayError({ status, kind, code: "some_code", message: `m-${kind}` });
    expect(renderAnthropicError(err)).toEqual({
      status,
      headers: {},
      body: { type: "error", error: { type, message: `m-${kind}`, details: { error_code: "some_code" } } },
    });
  });

  it("keeps retry-after, and the code and param of an unsupported parameter", () => {
    const limited = new GatewayError({
      status: 429,
      kind: "rate_limit",
      code: "rate_limit_exceeded",
      message: "Too many requests.",
      retryAfter: "7",
    });
    expect(renderAnthropicError(limited).headers).toEqual({ "retry-after": "7" });

    const unsupported = GatewayError.unsupported("top_k", "openai-eu");
    expect(renderAnthropicError(unsupported)).toEqual({
      status: 400,
      headers: {},
      body: {
        type: "error",
        error: {
          type: "invalid_request_error",
          message: "Parameter 'top_k' is not supported by provider 'openai-eu'.",
          details: { error_code: "unsupported_parameter", param: "top_k" },
        },
      },
    });
  });
});

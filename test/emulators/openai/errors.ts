/**
 * OpenAI (https://platform.openai.com/docs/guides/error-codes) and Azure OpenAI
 * (https://learn.microsoft.com/azure/ai-services/openai/reference) error bodies.
 */
import type { ErrorKind, ErrorResponse } from "../types.js";

const STATUS: Record<ErrorKind, number> = {
  auth: 401,
  rate_limit: 429,
  server: 500,
  overloaded: 503,
  context_length: 400,
  model_not_found: 404,
  bad_request: 400,
};

const json = (status: number, body: unknown): ErrorResponse => ({ status, body: JSON.stringify(body) });

export function openaiErrorBody(kind: ErrorKind, message: string): ErrorResponse {
  const err = (type: string, code: string | null, param: string | null = null, msg = message) =>
    json(STATUS[kind], { error: { message: msg, type, param, code } });
  switch (kind) {
    case "auth":
      return err(
        "invalid_request_error",
        "invalid_api_key",
        null,
        "Incorrect API key provided: inva***. You can find your API key at https://platform.openai.com/account/api-keys.",
      );
    case "rate_limit":
      return err("requests", "rate_limit_exceeded");
    case "server":
    case "overloaded":
      return err("server_error", null);
    case "context_length":
      return err("invalid_request_error", "context_length_exceeded", "messages");
    case "model_not_found":
      return err("invalid_request_error", "model_not_found");
    case "bad_request":
      return err("invalid_request_error", null);
  }
}

export function azureErrorBody(kind: ErrorKind, message: string): ErrorResponse {
  const err = (code: string, msg: string) => json(STATUS[kind], { error: { code, message: msg } });
  switch (kind) {
    case "auth":
      return err(
        "401",
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
      );
    case "rate_limit":
      return err(
        "429",
        "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 7 seconds.",
      );
    case "server":
      return err("InternalServerError", "The service is temporarily unable to process your request.");
    case "overloaded":
      return err("ServiceUnavailable", "The service is temporarily unavailable. Please try again later.");
    case "model_not_found":
      return err(
        "DeploymentNotFound",
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
      );
    case "context_length":
    case "bad_request":
      return openaiErrorBody(kind, message);
  }
}

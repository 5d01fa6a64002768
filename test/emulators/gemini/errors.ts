/**
 * Google API error bodies as Gemini (AI Studio) and Vertex AI write them:
 * `{"error":{"code","message","status","details"}}`
 * (https://ai.google.dev/gemini-api/docs/troubleshooting, https://cloud.google.com/apis/design/errors).
 */
import type { ErrorKind, ErrorResponse } from "../types.js";

interface GoogleError {
  code: number;
  status: string;
  message?: string;
  details?: unknown[];
}

const AI_STUDIO = "generativelanguage.googleapis.com";

/** AI Studio: a bad key is 400 INVALID_ARGUMENT with reason API_KEY_INVALID (not 401). */
const STUDIO: Record<ErrorKind, GoogleError> = {
  auth: {
    code: 400,
    status: "INVALID_ARGUMENT",
    message: "API key not valid. Please pass a valid API key.",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "API_KEY_INVALID",
        domain: "googleapis.com",
        metadata: { service: AI_STUDIO },
      },
      {
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        locale: "en-US",
        message: "API key not valid. Please pass a valid API key.",
      },
    ],
  },
  rate_limit: {
    code: 429,
    status: "RESOURCE_EXHAUSTED",
    message:
      "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [
          {
            quotaMetric: `${AI_STUDIO}/generate_content_free_tier_requests`,
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
          },
        ],
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [
          {
            description: "Learn more about Gemini API quotas",
            url: "https://ai.google.dev/gemini-api/docs/rate-limits",
          },
        ],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" },
    ],
  },
  server: {
    code: 500,
    status: "INTERNAL",
    message:
      "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  },
  overloaded: {
    code: 503,
    status: "UNAVAILABLE",
    message: "The model is overloaded. Please try again later.",
  },
  context_length: {
    code: 400,
    status: "INVALID_ARGUMENT",
    message: "The input token count (1048577) exceeds the maximum number of tokens allowed (1048576).",
  },
  model_not_found: {
    code: 404,
    status: "NOT_FOUND",
    message:
      "models/gemini-unknown is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.",
  },
  bad_request: { code: 400, status: "INVALID_ARGUMENT" },
};

/** Vertex AI: OAuth failures are 401 UNAUTHENTICATED; quota errors carry no RetryInfo. */
const VERTEX: Record<ErrorKind, GoogleError> = {
  ...STUDIO,
  auth: {
    code: 401,
    status: "UNAUTHENTICATED",
    message:
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "ACCESS_TOKEN_TYPE_UNSUPPORTED",
        metadata: {
          service: "aiplatform.googleapis.com",
          method: "google.cloud.aiplatform.v1.PredictionService.GenerateContent",
        },
      },
    ],
  },
  rate_limit: {
    code: 429,
    status: "RESOURCE_EXHAUSTED",
    message:
      "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",
  },
  server: { code: 500, status: "INTERNAL", message: "Internal error encountered." },
  overloaded: { code: 503, status: "UNAVAILABLE", message: "The service is currently unavailable." },
  model_not_found: {
    code: 404,
    status: "NOT_FOUND",
    message:
      "Publisher Model `projects/emulator/locations/us-central1/publishers/google/models/gemini-unknown` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions",
  },
};

function render(e: GoogleError, message: string): ErrorResponse {
  const error = {
    code: e.code,
    message: e.message ?? message,
    status: e.status,
    ...(e.details ? { details: e.details } : {}),
  };
  // Google pretty-prints error bodies with two-space indentation.
  return {
    status: e.code,
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: JSON.stringify({ error }, null, 2),
  };
}

/** An AI Studio error body. */
export function geminiError(kind: ErrorKind, message: string): ErrorResponse {
  return render(STUDIO[kind], message);
}

/** A Vertex AI error body. */
export function vertexError(kind: ErrorKind, message: string): ErrorResponse {
  return render(VERTEX[kind], message);
}

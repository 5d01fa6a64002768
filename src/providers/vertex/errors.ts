/**
 * Vertex AI errors. Vertex's own front end (auth, quota, unknown model) answers in Google's format
 * (`{"error":{"code","message","status"}}`); errors raised by Claude itself through rawPredict
 * keep Anthropic's (`{"type":"error","error":{"type","message"}}`). The body's shape decides.
 */
import type { GatewayError } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import { decodeGoogleError } from "../gemini/errors.js";
import { decodeAnthropicError } from "./anthropic.js";

type Headers = Record<string, string | string[] | undefined>;

/** Decodes an upstream error from either side of Vertex. */
export function decodeVertexError(
  status: number,
  headers: Headers,
  body: string,
  provider: string,
): GatewayError {
  const parsed = tryParseJson(body);
  if (
    isRecord(parsed) &&
    parsed.type === "error" &&
    isRecord(parsed.error) &&
    typeof parsed.error.type === "string"
  ) {
    return decodeAnthropicError(status, headers, body, provider);
  }
  return decodeGoogleError(status, headers, body, { provider, label: "Vertex AI" });
}

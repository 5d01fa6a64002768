/**
 * OpenAI error bodies → GatewayError. OpenAI answers `{"error":{"message","type","param","code"}}`
 * (https://platform.openai.com/docs/guides/error-codes); compatible servers mostly follow it, and the
 * other shapes seen in front of them (`{"message"}`, `{"detail"}`, HTML from a proxy) are read too.
 */
import { GatewayError } from "../../canonical/index.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import type { OpenAIErrorObject } from "./wire.js";

type Headers = Record<string, string | string[] | undefined>;

/** The error object of a body, in whichever of the common shapes it came. */
export function errorObjectOf(body: unknown): OpenAIErrorObject | undefined {
  if (!isRecord(body)) return undefined;
  if (isRecord(body.error)) return body.error as OpenAIErrorObject;
  if (typeof body.error === "string") return { message: body.error };
  if (typeof body.message === "string") return body as OpenAIErrorObject;
  // Mistral's validation errors nest the detail: {"object":"error","message":{"detail":[…]}}.
  if (isRecord(body.message))
    return { ...(body as OpenAIErrorObject), message: JSON.stringify(body.message) };
  if (typeof body.detail === "string") return { message: body.detail };
  if (body.detail !== undefined)
    return { message: JSON.stringify(body.detail), type: "invalid_request_error" };
  return undefined;
}

/** `retry-after` in seconds, or OpenAI's `retry-after-ms`. */
function headerOf(headers: Headers, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

export function retryAfterOf(headers: Headers): string | undefined {
  const get = (name: string) => headerOf(headers, name);
  const secs = get("retry-after");
  if (secs) return secs;
  const ms = Number(get("retry-after-ms"));
  return Number.isFinite(ms) && ms > 0 ? String(Math.ceil(ms / 1000)) : undefined;
}

/** Removes anything shaped like a credential from a provider message, and bounds its length. */
export function safeMessage(message: string): string {
  const clean = message.replace(/\b(sk|key|api[-_]?key)[-_A-Za-z0-9*.]{6,}/gi, "[redacted]");
  return clean.length > 500 ? `${clean.slice(0, 500)}…` : clean;
}

const CONTEXT_TOO_LONG =
  /context[_ ]length|maximum context|context window|too large for model|too many tokens/i;

/** Maps an upstream HTTP error. Shared by every OpenAI-compatible provider. */
export function fromOpenAIError(
  status: number,
  headers: Headers,
  text: string,
  provider: string,
): GatewayError {
  const err = errorObjectOf(tryParseJson(text));
  const retryAfter = retryAfterOf(headers);
  const ms = Number(headerOf(headers, "retry-after-ms"));
  const base = {
    provider,
    ...(retryAfter ? { retryAfter } : {}),
    ...(Number.isFinite(ms) && ms >= 0 && headerOf(headers, "retry-after-ms") ? { retryAfterMs: ms } : {}),
  };
  if (!err) {
    const message = `Provider '${provider}' answered HTTP ${status} without a readable error body.`;
    return new GatewayError({ ...base, ...statusShape(status, undefined), message });
  }
  const providerCode = typeof err.code === "string" ? err.code : undefined;
  const raw = typeof err.message === "string" && err.message ? err.message : `HTTP ${status}`;
  const message = `${provider}: ${safeMessage(raw)}`;
  const param = typeof err.param === "string" ? err.param : null;
  if (status === 401) {
    // why: OpenAI echoes part of the key in its 401 message (fixture errors/401-invalid-api-key.json); never pass it on.
    return new GatewayError({
      ...base,
      status: 401,
      kind: "authentication",
      code: "invalid_api_key",
      message: `Provider '${provider}' rejected the configured credential.`,
    });
  }
  // why: Mistral answers an unknown model with 400 `invalid_model` (mistral fixture errors/400-invalid-model.json).
  const modelMissing =
    providerCode === "model_not_found" ||
    providerCode === "DeploymentNotFound" ||
    err.type === "invalid_model";
  if (
    (status === 404 && (modelMissing || /model/i.test(raw))) ||
    (status === 400 && err.type === "invalid_model")
  ) {
    return new GatewayError({
      ...base,
      status: 404,
      kind: "not_found",
      code: "model_not_found",
      message,
      param,
    });
  }
  if (
    (status === 400 || status === 413 || status === 422) &&
    (providerCode === "context_length_exceeded" || CONTEXT_TOO_LONG.test(raw))
  ) {
    return new GatewayError({
      ...base,
      status: 400,
      kind: "invalid_request",
      code: "context_length_exceeded",
      message,
      param,
    });
  }
  return new GatewayError({ ...base, ...statusShape(status, providerCode), message, param });
}

/** Status, kind and code from the HTTP status (and a provider code kept where it is stable). */
function statusShape(
  status: number,
  providerCode: string | undefined,
): Pick<GatewayError, "status" | "kind" | "code"> {
  if (status === 429) {
    // why: an exhausted quota is not cured by waiting (fixture errors/429-quota.json).
    return {
      status,
      kind: "rate_limit",
      code: providerCode === "insufficient_quota" ? "insufficient_quota" : "rate_limit_exceeded",
    };
  }
  if (status === 503 || status === 529) return { status: 503, kind: "overloaded", code: "overloaded" };
  if (status === 504 || status === 408) return { status: 504, kind: "timeout", code: "upstream_timeout" };
  if (status >= 500) return { status: 502, kind: "upstream", code: "upstream_error" };
  if (status === 401) return { status, kind: "authentication", code: "invalid_api_key" };
  if (status === 403) return { status, kind: "permission", code: "permission_denied" };
  if (status === 404) return { status, kind: "not_found", code: "not_found" };
  if (status === 413) return { status, kind: "request_too_large", code: "request_too_large" };
  const code = providerCode && /^[a-z][a-z0-9_]*$/.test(providerCode) ? providerCode : "invalid_request";
  return {
    status: status >= 400 && status < 500 ? status : 502,
    kind: status < 500 && status >= 400 ? "invalid_request" : "upstream",
    code,
  };
}

/**
 * An `{"error":{...}}` event inside a stream (OpenAI sends one when generation fails mid-way).
 * The HTTP status was already 200, so the status here says what the error means.
 */
export function fromOpenAIStreamError(err: OpenAIErrorObject, provider: string): GatewayError {
  const type = typeof err.type === "string" ? err.type : "";
  const code = typeof err.code === "string" ? err.code : "";
  const status = /rate_limit|tokens|requests/.test(type + code)
    ? 429
    : type === "invalid_request_error"
      ? 400
      : 502;
  const raw = typeof err.message === "string" && err.message ? err.message : "stream failed";
  return new GatewayError({
    ...statusShape(status, code || undefined),
    message: `${provider}: ${safeMessage(raw)}`,
    provider,
  });
}

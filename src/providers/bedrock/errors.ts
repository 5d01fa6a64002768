/**
 * Bedrock error mapping. Errors are JSON `{"message": "..."}` with the error type in the
 * `x-amzn-errortype` header (REST-JSON protocol,
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization);
 * stream exceptions carry it in `:exception-type`. Types per operation:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 */
import { GatewayError, kindForStatus } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";

const PROVIDER_LABEL = "Bedrock";

/**
 * Messages that mean the prompt did not fit (`ValidationException`). Seen from Anthropic
 * ("prompt is too long"), Titan/Nova ("Input is too long for requested model"), Llama/Mistral
 * ("exceeds the maximum", "maximum context length") — fixture `errors/context-length.json`.
 */
const CONTEXT_TOO_LONG =
  /too long|too many (input )?tokens|maximum context length|context window|exceeds? the max(imum)? (number of )?(input )?tokens|context_length/i;

/** `ThrottlingException:http://internal.amazon.com/...` or `aws.bedrock#ThrottlingException` → `ThrottlingException`. */
export function sanitizeErrorType(raw: string): string {
  let t = raw.split(",")[0]!.trim();
  if (t.includes(":")) t = t.split(":")[0]!;
  if (t.includes("#")) t = t.split("#")[1]!;
  return t;
}

interface Mapping {
  status: number;
  code: string;
}

/** Error type (case-insensitive, so stream `throttlingException` matches too) → status and code. */
function mappingFor(type: string, message: string): Mapping | undefined {
  switch (type.toLowerCase()) {
    case "throttlingexception":
      return { status: 429, code: "rate_limit_exceeded" };
    case "servicequotaexceededexception":
      return { status: 429, code: "quota_exceeded" };
    case "validationexception":
      // An unknown model id is a ValidationException (fixture errors/model-id-invalid.json).
      if (/model identifier is invalid/i.test(message)) return { status: 404, code: "model_not_found" };
      return {
        status: 400,
        code: CONTEXT_TOO_LONG.test(message) ? "context_length_exceeded" : "invalid_request",
      };
    case "accessdeniedexception":
      return { status: 403, code: "permission_denied" };
    case "unrecognizedclientexception":
    case "invalidsignatureexception":
    case "incompletesignatureexception":
    case "missingauthenticationtokenexception":
    case "expiredtokenexception":
      return { status: 401, code: "invalid_api_key" };
    case "resourcenotfoundexception":
      return { status: 404, code: "model_not_found" };
    case "modelnotreadyexception":
    case "serviceunavailableexception":
      return { status: 503, code: "overloaded" };
    case "modeltimeoutexception":
      return { status: 504, code: "upstream_timeout" };
    case "internalserverexception":
    case "modelerrorexception":
    case "modelstreamerrorexception":
      return { status: 502, code: "upstream_error" };
    default:
      return undefined;
  }
}

/** A GatewayError from a Bedrock error type and message (HTTP errors and stream exceptions). */
export function fromBedrockErrorType(
  provider: string,
  type: string | undefined,
  message: string,
  httpStatus?: number,
  retryAfter?: string,
): GatewayError {
  // InvalidSignatureException quotes the canonical request, which holds x-amz-security-token.
  const cut = message.search(/\s*The Canonical String/);
  if (cut !== -1) message = message.slice(0, cut);
  const mapped = type ? mappingFor(type, message) : undefined;
  const status = mapped?.status ?? normaliseStatus(httpStatus ?? 502);
  const code =
    mapped?.code ?? FALLBACK_CODES[status] ?? (status >= 500 ? "upstream_error" : "invalid_request");
  return new GatewayError({
    status,
    kind: kindForStatus(status),
    code,
    message: `${PROVIDER_LABEL}${type ? ` ${type}` : ""}: ${message}`,
    provider,
    ...(retryAfter ? { retryAfter } : {}),
  });
}

const FALLBACK_CODES: Record<number, string> = {
  401: "invalid_api_key",
  403: "permission_denied",
  404: "not_found",
  429: "rate_limit_exceeded",
  503: "overloaded",
  504: "upstream_timeout",
};

/** 5xx other than 503/504 → 502 (the gateway's upstream failed); 4xx kept. */
function normaliseStatus(status: number): number {
  if (status === 503 || status === 504) return status;
  if (status === 529) return 503;
  return status >= 500 ? 502 : status;
}

/** Upstream HTTP error → GatewayError (Provider.decodeError). */
export function decodeBedrockError(
  provider: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): GatewayError {
  const header = (name: string): string | undefined => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const retryAfter = header("retry-after");
  const json = tryParseJson(body);
  if (!isRecord(json)) {
    // HTML from a load balancer or proxy (fixture errors/html-502.html): never echo it.
    const type = header("x-amzn-errortype");
    return fromBedrockErrorType(
      provider,
      type ? sanitizeErrorType(type) : undefined,
      `upstream returned HTTP ${status} with a non-JSON body`,
      status,
      retryAfter,
    );
  }
  const rawType =
    header("x-amzn-errortype") ??
    (typeof json.__type === "string" ? json.__type : typeof json.code === "string" ? json.code : undefined);
  const message =
    typeof json.message === "string"
      ? json.message
      : typeof json.Message === "string"
        ? json.Message
        : `upstream returned HTTP ${status}`;
  return fromBedrockErrorType(
    provider,
    rawType ? sanitizeErrorType(rawType) : undefined,
    message,
    status,
    retryAfter,
  );
}

/**
 * Errors and warnings name the canonical parameter (`response_format`, `max_tokens`,
 * `messages…`), which is the Chat Completions field; a Responses API client sent `text.format`,
 * `max_output_tokens` and `input` instead, so what it reads must name those (what
 * `parse-request.ts` read them from).
 */
import { GatewayError } from "../../canonical/errors.js";

/** Canonical parameter (or its prefix) → the Responses API field it was parsed from. */
const FIELDS: ReadonlyArray<readonly [canonical: string, responses: string]> = [
  ["response_format", "text.format"],
  ["max_completion_tokens", "max_output_tokens"],
  ["max_tokens", "max_output_tokens"],
  ["messages", "input"],
];

/** The Responses API's name for a canonical parameter path (unchanged when it is the same). */
export function toResponsesParam(param: string): string {
  for (const [canonical, responses] of FIELDS) {
    if (param === canonical) return responses;
    // A message index is no input index (items and messages do not pair one to one), so it goes.
    const rest = param.startsWith(canonical) ? param.slice(canonical.length) : undefined;
    if (rest !== undefined && /^[.[]/.test(rest)) return responses + rest.replace(/^\[\d+\]/, "");
  }
  return param;
}

/**
 * A canonical parameter path inside a warning's free text: the underscored names anywhere as a
 * whole word, `messages` only with a path after it or quoted (`'messages'`), so prose such as
 * "tool messages" stays as it is. Plugin names (`max-tokens:`) are no parameter: `-` is a word
 * character here.
 */
const PARAM_IN_TEXT =
  /(?<![\w.-])(?:(?:response_format|max_completion_tokens|max_tokens)(?:\[\d+\]|\.\w+)*|messages(?:\[\d+\]|\.\w+)+|(?<=')messages(?='))(?![\w-])/g;

/** A warning (`x-tollgate-warning`) with the parameters it names in Responses terms. */
export function warningInResponsesTerms(message: string): string {
  return message.replace(PARAM_IN_TEXT, toResponsesParam);
}

/** The error with its `param`, and the message's quoted mention of it, in Responses terms. */
export function inResponsesTerms(err: GatewayError): GatewayError {
  if (!err.param) return err;
  const param = toResponsesParam(err.param);
  if (param === err.param) return err;
  return new GatewayError({
    status: err.status,
    kind: err.kind,
    code: err.code,
    param,
    message: err.message.replaceAll(`'${err.param}'`, `'${param}'`),
    ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}),
    ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
    ...(err.provider !== undefined ? { provider: err.provider } : {}),
    ...(err.headers !== undefined ? { headers: err.headers } : {}),
    ...(err.details !== undefined ? { details: err.details } : {}),
  });
}

/**
 * `GatewayError` → the Responses API's error shapes: the JSON body is OpenAI's
 * `{"error":{"message","type","param","code"}}` (https://platform.openai.com/docs/guides/error-codes),
 * and a failure after the stream started is an `error` event
 * (https://platform.openai.com/docs/api-reference/responses-streaming/error), naming the client's own
 * fields (`client-param.ts`).
 */
import type { GatewayError } from "../../canonical/errors.js";
import { renderOpenAIError } from "../openai/render-error.js";
import type { RenderedError } from "../types.js";
import { inResponsesTerms } from "./client-param.js";

export function renderResponsesError(err: GatewayError): RenderedError {
  return renderOpenAIError(inResponsesTerms(err));
}

/** The `error` stream event's fields (without `type` and `sequence_number`). */
export function toResponsesErrorEvent(err: GatewayError): Record<string, unknown> {
  const e = inResponsesTerms(err);
  return { code: e.code, message: e.message, param: e.param };
}

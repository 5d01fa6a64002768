/**
 * The Responses API client dialect: what the `openai` SDK's `client.responses` and the Vercel AI
 * SDK's default OpenAI provider speak on `POST /v1/responses`
 * (https://platform.openai.com/docs/api-reference/responses), parsed into canonical form and
 * rendered back, so these clients can be served by any provider. Conversation state
 * (`store`, `previous_response_id`) lives in `src/server/responses/`.
 */

import type { ChatRequest } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import type { ChatDialect } from "../types.js";
import { warningInResponsesTerms } from "./client-param.js";
import { parseResponsesRequest } from "./parse-request.js";
import { renderResponsesError, toResponsesErrorEvent } from "./render-error.js";
import { renderResponsesObject } from "./render-response.js";
import { renderResponsesStream } from "./render-stream.js";
import { responsesExtra } from "./wire.js";

export const responsesDialect: ChatDialect = {
  name: "responses",
  parseChat: parseResponsesRequest,
  renderChat: renderResponsesObject,
  renderStream: renderResponsesStream,
  renderError: renderResponsesError,
  renderWarning: warningInResponsesTerms,
  // why: the passthrough relay does not count OpenAI's events, so the number cannot continue
  // theirs; the SDKs read `sequence_number` but do not check it.
  renderStreamError: (err) =>
    `event: error\ndata: ${JSON.stringify({ type: "error", sequence_number: 0, ...toResponsesErrorEvent(err) })}\n\n`,
  refuseTranslation,
};

/**
 * What only OpenAI's own Responses API can serve (same-dialect passthrough): built-in tools and a
 * `previous_response_id` this gateway did not store. Thrown before a request is translated.
 */
function refuseTranslation(req: ChatRequest): void {
  const e = responsesExtra(req);
  const builtin = e.builtin_tools?.[0];
  if (builtin) {
    const what = "tool_choice" in builtin ? "tool_choice" : "tools";
    const name = "tool_choice" in builtin ? JSON.stringify(builtin.tool_choice) : String(builtin.type);
    throw new GatewayError({
      status: 400,
      kind: "invalid_request",
      code: "unsupported_builtin_tool",
      param: what,
      message: `Built-in tool ${name} runs only on OpenAI's own Responses API; this model's target is served by translation, where Tollgate cannot run it. Use function tools, or route the model to an 'openai' or 'azure-openai' target.`,
    });
  }
  const item = e.openai_only_items?.[0];
  if (item) {
    throw new GatewayError({
      status: 400,
      kind: "invalid_request",
      code: "unsupported_builtin_tool",
      param: "input",
      message: `Input item type '${item}' belongs to a built-in tool that runs only on OpenAI's own Responses API; this model's target is served by translation.`,
    });
  }
  const ref = e.unresolved_items?.[0];
  if (ref) {
    throw new GatewayError({
      status: 404,
      kind: "not_found",
      code: "item_not_found",
      param: "input",
      message: `Item with id '${ref}' not found (items are found in responses stored for this key).`,
    });
  }
  if (e.previous_response_id && !e.previous_resolved) {
    throw new GatewayError({
      status: 404,
      kind: "not_found",
      code: "previous_response_not_found",
      param: "previous_response_id",
      message: `Previous response with id '${e.previous_response_id}' not found (stored responses are kept per key, for the configured retention).`,
    });
  }
}

export { parseResponsesRequest } from "./parse-request.js";
export { renderResponsesObject } from "./render-response.js";
export { ResponsesStreamRenderer } from "./render-stream.js";
export { itemId, newResponseId, type ResponsesExtra, responseIdOfItem, responsesExtra } from "./wire.js";

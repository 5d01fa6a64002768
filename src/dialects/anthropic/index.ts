/**
 * The Anthropic client dialect: what `@anthropic-ai/sdk` speaks on `POST /v1/messages`
 * (https://docs.anthropic.com/en/api/messages), parsed into canonical form and rendered back, so
 * Anthropic clients can be served by any provider.
 */
import type { ChatDialect } from "../types.js";
import { parseAnthropicRequest } from "./parse-request.js";
import { renderAnthropicError, toAnthropicErrorBody } from "./render-error.js";
import { renderAnthropicMessage } from "./render-response.js";
import { renderAnthropicStream } from "./render-stream.js";

export const anthropicDialect: ChatDialect = {
  name: "anthropic",
  parseChat: parseAnthropicRequest,
  renderChat: (res) => renderAnthropicMessage(res),
  renderStream: renderAnthropicStream,
  renderError: renderAnthropicError,
  renderStreamError: (err) => `event: error\ndata: ${JSON.stringify(toAnthropicErrorBody(err))}\n\n`,
};

export { AnthropicStreamRenderer } from "./render-stream.js";

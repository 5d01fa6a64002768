/**
 * The legacy OpenAI Completions dialect (`POST /v1/completions`, what `openai.completions.create`
 * calls): errors as OpenAI's, the prompt served as a one-message chat by any provider, or passed
 * through to an upstream that has the endpoint itself (`passthroughOp`).
 */
import { renderOpenAIError } from "../openai/render-error.js";
import type { ChatDialect } from "../types.js";
import { parseCompletionsRequest } from "./parse-request.js";
import { renderCompletion, renderCompletionStream } from "./render.js";

export const completionsDialect: ChatDialect = {
  // why: the client is an OpenAI SDK; errors, usage sniffing and records are OpenAI's.
  name: "openai",
  passthroughOp: "completions",
  parseChat: parseCompletionsRequest,
  renderChat: (res) => renderCompletion(res),
  renderStream: renderCompletionStream,
  renderError: renderOpenAIError,
  renderStreamError: (err) => `data: ${JSON.stringify(renderOpenAIError(err).body)}\n\n`,
};

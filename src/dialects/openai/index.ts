import type { ChatDialect } from "../types.js";
import { parseOpenAIChat } from "./parse-request.js";
import { renderOpenAIError } from "./render-error.js";
import { renderOpenAIChat } from "./render-response.js";
import { renderOpenAIStream } from "./render-stream.js";

/** The OpenAI Chat Completions dialect. */
export const openaiDialect: ChatDialect = {
  name: "openai",
  parseChat: parseOpenAIChat,
  renderChat: renderOpenAIChat,
  renderStream: renderOpenAIStream,
  renderError: renderOpenAIError,
  renderStreamError: (err) => `data: ${JSON.stringify(renderOpenAIError(err).body)}\n\n`,
};

export { parseOpenAIEmbeddings, renderOpenAIEmbeddings } from "./embeddings.js";

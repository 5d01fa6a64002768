/**
 * The `cohere` provider: Cohere's v2 API (chat, chat streaming, embeddings).
 * https://docs.cohere.com/reference/chat · https://docs.cohere.com/reference/embed
 * No passthrough: no client dialect speaks Cohere's wire format.
 */
import type { Provider, ProviderDefinition } from "../types.js";
import { COHERE_DEFAULT_BASE_URL, type CohereConfig, cohereConfigSchema } from "./config.js";
import { decodeEmbeddings, encodeEmbeddings } from "./embeddings.js";
import { decodeCohereError } from "./errors.js";
import prices from "./prices.json" with { type: "json" };
import { type CohereTransport, encodeChat } from "./request.js";
import { decodeChat } from "./response.js";
import { decodeChatStream } from "./stream.js";

/** Creates a configured Cohere provider instance. */
function createCohere(name: string, config: CohereConfig): Provider {
  const baseUrl = config.base_url ?? COHERE_DEFAULT_BASE_URL;
  const transport: CohereTransport = {
    provider: name,
    baseUrl,
    headers: {
      ...config.headers,
      "content-type": "application/json",
      authorization: `Bearer ${config.api_key}`,
    },
  };
  return {
    name,
    type: "cohere",
    origin: new URL(baseUrl).origin,
    chat: {
      encode: (req, ctx) => encodeChat(req, ctx, transport),
      decode: (body, ctx) => decodeChat(body, ctx, name),
      decodeStream: (body, ctx) => decodeChatStream(body, ctx, name),
    },
    embeddings: {
      encode: (req, ctx) => encodeEmbeddings(req, ctx, transport),
      decode: (body, ctx) => decodeEmbeddings(body, ctx, name),
    },
    decodeError: (status, headers, body) => decodeCohereError(status, headers, body, name, config.api_key),
  };
}

/** `type: cohere` — one line in the provider registry. */
export const cohereProvider: ProviderDefinition<CohereConfig> = {
  type: "cohere",
  schema: cohereConfigSchema,
  telemetry: { genAiProviderName: "cohere" },
  prices,
  create: createCohere,
};

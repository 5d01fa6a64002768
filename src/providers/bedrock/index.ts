/**
 * The `bedrock` provider: AWS Bedrock Runtime's Converse and ConverseStream APIs for chat, and
 * InvokeModel for embeddings (Titan, Cohere), signed with SigV4. No passthrough: no client dialect
 * speaks Converse. User docs: docs/providers/bedrock.md.
 */
import { jsonToolChunksToText, jsonToolToText } from "../anthropic/json-mode.js";
import type { Provider, ProviderDefinition } from "../types.js";
import { BedrockSigner, type SignerOptions } from "./auth.js";
import {
  type BedrockConfig,
  bedrockConfigSchema,
  bedrockTargetSchema,
  defaultBedrockBaseUrl,
} from "./config.js";
import { bedrockCountTokens } from "./count-tokens.js";
import { decodeBedrockEmbeddings, encodeBedrockEmbeddings } from "./embeddings.js";
import { decodeBedrockError } from "./errors.js";
import { bedrockFamily } from "./family.js";
import prices from "./prices.json" with { type: "json" };
import { type BedrockTransport, encodeBedrockChat } from "./request.js";
import { decodeBedrockChat } from "./response.js";
import { decodeBedrockStream } from "./stream.js";

/** Builds a configured Bedrock provider; `opts.now` pins the signing clock (tests). */
export function createBedrockProvider(
  name: string,
  config: BedrockConfig,
  opts: SignerOptions = {},
): Provider {
  const baseUrl = config.base_url ?? defaultBedrockBaseUrl(config.region);
  const t: BedrockTransport = {
    provider: name,
    baseUrl,
    headers: config.headers ?? {},
    signer: new BedrockSigner(config, opts, name),
  };
  return {
    name,
    type: "bedrock",
    origin: new URL(baseUrl).origin,
    chat: {
      encode: (req, ctx) => encodeBedrockChat(req, ctx, t),
      decode: (body, ctx) => jsonToolToText(decodeBedrockChat(body, ctx, name)),
      decodeStream: (body, ctx) => jsonToolChunksToText(decodeBedrockStream(body, ctx, name)),
    },
    embeddings: {
      encode: (req, ctx) => encodeBedrockEmbeddings(req, ctx, t),
      decode: (body, ctx) => decodeBedrockEmbeddings(body, ctx, name),
    },
    // Claude through Converse continues a final assistant message; other families answer after it.
    supportsPrefill: (target) => bedrockFamily(target) === "anthropic",
    countTokens: bedrockCountTokens(t),
    decodeError: (status, headers, body) => decodeBedrockError(name, status, headers, body),
  };
}

export const bedrockProvider: ProviderDefinition<BedrockConfig> = {
  type: "bedrock",
  schema: bedrockConfigSchema,
  targetSchema: bedrockTargetSchema,
  telemetry: { genAiProviderName: "aws.bedrock" },
  prices,
  create: (name, config) => createBedrockProvider(name, config),
};

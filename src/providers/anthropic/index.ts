/**
 * The `anthropic` provider: Claude through the Anthropic Messages API
 * (https://docs.anthropic.com/en/api/messages). Chat (JSON and stream) and same-dialect
 * passthrough; Anthropic has no embeddings API.
 */
import type { ProviderDefinition } from "../types.js";
import { ANTHROPIC_BASE_URL, type AnthropicConfig, anthropicConfigSchema } from "./config.js";
import { anthropicCountTokens } from "./count-tokens.js";
import { decodeAnthropicError } from "./errors.js";
import { jsonToolChunksToText, jsonToolToText } from "./json-mode.js";
import { anthropicPassthrough } from "./passthrough.js";
import prices from "./prices.json" with { type: "json" };
import { encodeAnthropic } from "./request.js";
import { decodeAnthropic } from "./response.js";
import { decodeAnthropicStream } from "./stream.js";

export type { AnthropicConfig } from "./config.js";
export { anthropicConfigSchema } from "./config.js";

/** Provider definition for `type: anthropic`. */
export const anthropicProvider: ProviderDefinition<AnthropicConfig> = {
  type: "anthropic",
  schema: anthropicConfigSchema,
  telemetry: { genAiProviderName: "anthropic" },
  prices,
  create(name, config) {
    return {
      name,
      type: "anthropic",
      origin: new URL(config.base_url ?? ANTHROPIC_BASE_URL).origin,
      chat: {
        encode: (req, ctx) => encodeAnthropic(req, ctx, config, name),
        decode: (body, ctx) => jsonToolToText(decodeAnthropic(body, ctx, name)),
        decodeStream: (body, ctx) => jsonToolChunksToText(decodeAnthropicStream(body, ctx, name)),
      },
      passthrough: anthropicPassthrough(config, name),
      countTokens: anthropicCountTokens(config, name),
      // https://docs.anthropic.com/en/docs/build-with-claude/prompt-engineering/prefill-claudes-response
      supportsPrefill: () => true,
      decodeError: (status, headers, body) =>
        decodeAnthropicError(status, headers, body, name, config.api_key),
    };
  },
};

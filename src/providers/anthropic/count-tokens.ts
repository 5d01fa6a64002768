/**
 * Anthropic's token counting (https://docs.anthropic.com/en/api/messages-count-tokens): the
 * client's own count_tokens body (it speaks this API) with the upstream model, to
 * `POST /v1/messages/count_tokens`; the answer is `{ "input_tokens": n }`.
 */
import { readTokenCount } from "../token-count.js";
import type { CountTokensCodec } from "../types.js";
import type { AnthropicConfig } from "./config.js";
import { anthropicHeaders, messagesUrl } from "./request.js";

/** Reads `input_tokens` from a count answer (Anthropic's and Vertex's are the same). */
export const fromAnthropicTokenCount = (body: unknown, provider: string): number =>
  readTokenCount(body, "input_tokens", provider);

export function anthropicCountTokens(config: AnthropicConfig, provider: string): CountTokensCodec {
  return {
    encode: (_req, body) => ({
      method: "POST",
      url: `${messagesUrl(config)}/count_tokens`,
      headers: anthropicHeaders(config),
      body: JSON.stringify(body),
    }),
    decode: (body) => fromAnthropicTokenCount(body, provider),
  };
}

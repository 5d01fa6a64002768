/**
 * Anthropic's token counting (https://docs.anthropic.com/en/api/messages-count-tokens): the
 * client's own count_tokens body (it speaks this API) with the upstream model, to
 * `POST /v1/messages/count_tokens`; the answer is `{ "input_tokens": n }`.
 */
import { GatewayError } from "../../canonical/errors.js";
import type { CountTokensCodec } from "../types.js";
import type { AnthropicConfig } from "./config.js";
import { anthropicHeaders, messagesUrl } from "./request.js";

/** Reads `input_tokens` from a count answer (Anthropic's and Vertex's are the same). */
export function fromAnthropicTokenCount(body: unknown, provider: string): number {
  const n = (body as { input_tokens?: unknown } | null)?.input_tokens;
  if (typeof n === "number" && Number.isInteger(n) && n >= 0) return n;
  throw new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_malformed_response",
    provider,
    message: `Provider '${provider}' answered the token count without 'input_tokens'.`,
  });
}

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

/**
 * Bedrock's CountTokens (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html):
 * `POST /model/{modelId}/count-tokens` with `{"input":{"converse":{…}}}`, whose
 * ConverseTokensRequest (API_runtime_ConverseTokensRequest.html; `ConverseTokensRequest` in
 * aws-sdk-js-v3's client-bedrock-runtime) holds the Converse request's `messages`, `system`,
 * `toolConfig` and `additionalModelRequestFields`; the answer is `{"inputTokens": n}`.
 *
 * Only Anthropic models count on Bedrock, and only under their foundation-model id: a
 * cross-region inference profile (`us.anthropic.…`) is refused ("The provided model doesn't
 * support counting tokens"), so the profile prefix is stripped; the count is the model's
 * tokenizer's either way. Every other model is estimated.
 */
import { joinUrl } from "../base-schema.js";
import { readTokenCount } from "../token-count.js";
import type { CountTokensCodec } from "../types.js";
import { bedrockFamily, encodeModelId, foundationModelId } from "./family.js";
import { type BedrockTransport, toConverseRequest } from "./request.js";

export function bedrockCountTokens(t: BedrockTransport): CountTokensCodec {
  return {
    encode(req, _body, ctx) {
      const modelId = foundationModelId(ctx.target.model);
      if (bedrockFamily(ctx.target) !== "anthropic" || !modelId?.startsWith("anthropic.")) return undefined;
      const { messages, system, toolConfig, additionalModelRequestFields } = toConverseRequest(
        req,
        ctx,
        t.provider,
      );
      const converse = {
        messages,
        ...(system ? { system } : {}),
        ...(toolConfig ? { toolConfig } : {}),
        ...(additionalModelRequestFields ? { additionalModelRequestFields } : {}),
      };
      const url = joinUrl(t.baseUrl, `/model/${encodeModelId(modelId)}/count-tokens`);
      const headers = { ...t.headers, "content-type": "application/json", accept: "application/json" };
      return t.signer.sign(url, headers, JSON.stringify({ input: { converse } }));
    },
    decode: (body) => readTokenCount(body, "inputTokens", t.provider),
  };
}

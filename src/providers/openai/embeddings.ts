/**
 * Canonical embeddings ⇄ OpenAI Embeddings (https://platform.openai.com/docs/api-reference/embeddings).
 */
import { type EmbeddingsRequest, type EmbeddingsResponse, GatewayError } from "../../canonical/index.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import { bodyModelOf, type OpenAIProfile } from "./profile.js";
import { refuseOrDrop } from "./unsupported.js";
import type { OpenAIEmbeddingsRequest, OpenAIEmbeddingsResponse } from "./wire.js";

export function toOpenAIEmbeddingsBody(
  req: EmbeddingsRequest,
  ctx: CodecContext,
  profile: OpenAIProfile,
  provider: string,
): OpenAIEmbeddingsRequest {
  const model = bodyModelOf(profile, ctx.target);
  const body: OpenAIEmbeddingsRequest = {
    ...req.extra?.openai,
    ...(model !== undefined ? { model } : {}),
    input: req.input,
  };
  if (req.encoding_format) body.encoding_format = req.encoding_format;
  if (req.dimensions !== undefined) body[profile.dimensionsField] = req.dimensions;
  if (req.user !== undefined) {
    if (profile.unsupported.has("user")) refuseOrDrop(ctx, provider, "user");
    else body.user = req.user;
  }
  if (req.input_type !== undefined) refuseOrDrop(ctx, provider, "input_type");
  return body;
}

export function fromOpenAIEmbeddingsResponse(body: unknown, provider: string): EmbeddingsResponse {
  if (!isRecord(body) || !Array.isArray(body.data)) {
    throw new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_invalid_response",
      message: `Provider '${provider}' returned a response that is not an embeddings list.`,
      provider,
    });
  }
  const res = body as unknown as OpenAIEmbeddingsResponse;
  const data = res.data
    .map((d, i) => ({ index: d.index ?? i, embedding: d.embedding }))
    .sort((a, b) => a.index - b.index);
  return {
    model: res.model ?? "",
    data,
    usage: { input_tokens: res.usage?.prompt_tokens ?? 0, source: "provider" },
  };
}

/**
 * Embeddings through `POST {base}/v2/embed` (https://docs.cohere.com/reference/embed).
 */
import type { EmbeddingsRequest, EmbeddingsResponse } from "../../canonical/embeddings.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord } from "../../wire/json.js";
import { joinUrl } from "../base-schema.js";
import type { CodecContext, UpstreamRequest } from "../types.js";
import { toCohereInputType } from "./input-type.js";
import type { CohereTransport } from "./request.js";
import { dropOrThrow } from "./unsupported.js";
import type { CohereEmbedRequest, CohereEmbedResponse } from "./wire.js";

/**
 * Canonical embeddings request → Cohere; `input_type` as `toCohereInputType` maps it.
 */
export function encodeEmbeddings(
  req: EmbeddingsRequest,
  ctx: CodecContext,
  t: CohereTransport,
): UpstreamRequest {
  if (!req.input.every((x): x is string => typeof x === "string")) {
    throw GatewayError.unsupported("input", t.provider, "Cohere embeds text, not token arrays");
  }
  const base64 = req.encoding_format === "base64";
  // why: only Embed v4 and newer take `output_dimension`; v3 answers 400 (the emulator, too).
  const sized = req.dimensions !== undefined && /^embed-v[4-9]/.test(ctx.target.model);
  if (req.dimensions !== undefined && !sized)
    dropOrThrow(ctx, t.provider, "dimensions", "only Cohere Embed v4 and newer take output_dimension");
  const body: CohereEmbedRequest = {
    model: ctx.target.model,
    texts: req.input,
    input_type: toCohereInputType(req.input_type),
    embedding_types: [base64 ? "base64" : "float"],
    ...(sized ? { output_dimension: req.dimensions } : {}),
  };
  if (req.user !== undefined) ctx.warn(`${t.provider}: 'user' has no Cohere equivalent and was not sent`);
  const extra = Object.keys(req.extra?.openai ?? {});
  if (extra.length) ctx.warn(`${t.provider}: openai fields not sent to Cohere: ${extra.join(", ")}`);
  return {
    method: "POST",
    url: joinUrl(t.baseUrl, "/v2/embed"),
    headers: { ...t.headers, accept: "application/json" },
    body: JSON.stringify(body),
  };
}

/**
 * Cohere's `embeddings` object holds one list per requested type; the one asked for is read.
 * Usage is `meta.billed_units.input_tokens` (the only count Cohere's embed gives).
 */
export function decodeEmbeddings(body: unknown, ctx: CodecContext, provider: string): EmbeddingsResponse {
  const res = body as CohereEmbedResponse;
  const vectors =
    isRecord(body) && isRecord(res.embeddings) ? (res.embeddings.float ?? res.embeddings.base64) : undefined;
  if (!Array.isArray(vectors)) {
    throw new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_invalid_response",
      message: `Cohere returned an embed response without embeddings (provider '${provider}').`,
      provider,
    });
  }
  return {
    model: ctx.target.model,
    data: vectors.map((embedding, index) => ({ index, embedding })),
    usage: { input_tokens: res.meta?.billed_units?.input_tokens ?? 0, source: "provider" },
  };
}

/**
 * Embeddings through InvokeModel (`POST /model/{modelId}/invoke`,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html): the body is
 * the model's own format. Titan Text Embeddings and Cohere Embed are served; Converse has no
 * embeddings.
 */
import type { EmbeddingsRequest, EmbeddingsResponse } from "../../canonical/embeddings.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord } from "../../wire/json.js";
import { joinUrl } from "../base-schema.js";
import { toCohereInputType } from "../cohere/input-type.js";
import type { CodecContext, UpstreamRequest } from "../types.js";
import { encodeModelId } from "./family.js";
import type { BedrockTransport } from "./request.js";
import { bedrockMalformed } from "./response.js";
import { type EncodeScope, refuse } from "./scope.js";
import type { BedrockCohereEmbedRequest, BedrockTitanEmbedRequest } from "./wire.js";

type EmbedFamily = "titan" | "cohere";

function embedFamily(model: string, provider: string): EmbedFamily {
  if (model.includes("titan-embed-text")) return "titan";
  if (model.includes("cohere.embed")) return "cohere";
  throw GatewayError.unsupported(
    "model",
    provider,
    `'${model}' is not a supported embeddings model (Titan Text Embeddings or Cohere Embed)`,
  );
}

export async function encodeBedrockEmbeddings(
  req: EmbeddingsRequest,
  ctx: CodecContext,
  t: BedrockTransport,
): Promise<UpstreamRequest> {
  const model = ctx.target.model;
  const scope: EncodeScope = { provider: t.provider, ctx, family: "other" };
  if (req.input.some((x) => typeof x !== "string")) {
    throw GatewayError.unsupported("input", t.provider, "Bedrock embeddings take text, not token arrays");
  }
  const texts = req.input as string[];
  const body =
    embedFamily(model, t.provider) === "titan"
      ? titanBody(texts, req, scope)
      : cohereBody(texts, req, model, scope);
  const url = joinUrl(t.baseUrl, `/model/${encodeModelId(model)}/invoke`);
  const headers = { ...t.headers, "content-type": "application/json", accept: "application/json" };
  return t.signer.sign(url, headers, JSON.stringify(body));
}

/**
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html:
 * one `inputText` per call. One canonical request is one upstream request, so a list of several
 * inputs is refused with a 400 instead of being fanned out.
 */
function titanBody(texts: string[], req: EmbeddingsRequest, scope: EncodeScope): BedrockTitanEmbedRequest {
  if (texts.length !== 1) {
    throw GatewayError.unsupported(
      "input",
      scope.provider,
      `Titan embeddings take one input per request, got ${texts.length}; send one input per request or use a Cohere Embed model`,
    );
  }
  if (req.input_type) refuse(scope, "input_type", "Titan embeddings have no input type");
  const v2 = /titan-embed-text-v2/.test(scope.ctx.target.model);
  if (req.dimensions !== undefined && !v2)
    refuse(scope, "dimensions", "only Titan Text Embeddings V2 takes dimensions");
  return {
    inputText: texts[0]!,
    ...(req.dimensions !== undefined && v2 ? { dimensions: req.dimensions } : {}),
    // OpenAI-style embeddings are unit vectors; V2 can normalise, V1 always returns raw vectors.
    ...(v2 ? { normalize: true } : {}),
  };
}

/** https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html */
function cohereBody(
  texts: string[],
  req: EmbeddingsRequest,
  model: string,
  scope: EncodeScope,
): BedrockCohereEmbedRequest {
  const v4 = /cohere\.embed-v4/.test(model);
  if (req.dimensions !== undefined && !v4)
    refuse(scope, "dimensions", "only Cohere Embed v4 takes output_dimension");
  return {
    texts,
    // why: the same vocabulary as Cohere's own API; a Gemini task type sent raw is a
    // ValidationException (fixture embeddings/cohere-input-type.request.json).
    input_type: toCohereInputType(req.input_type),
    ...(req.dimensions !== undefined && v4 ? { output_dimension: req.dimensions } : {}),
  };
}

/**
 * Decodes either model's response into float vectors (`encoding_format: base64` is the egress
 * dialect's business: the codec does not see the request).
 */
export function decodeBedrockEmbeddings(
  body: unknown,
  ctx: CodecContext,
  provider: string,
): EmbeddingsResponse {
  if (!isRecord(body)) throw bedrockMalformed(provider, "the embeddings response is not a JSON object");
  let vectors: number[][];
  let tokens: number;
  let source: "provider" | "estimated" = "provider";
  if (Array.isArray(body.embedding)) {
    vectors = [body.embedding as number[]];
    tokens = typeof body.inputTextTokenCount === "number" ? body.inputTextTokenCount : 0;
  } else if (Array.isArray(body.embeddings) || isRecord(body.embeddings)) {
    const e = body.embeddings;
    vectors = (Array.isArray(e) ? e : Array.isArray(e.float) ? e.float : []) as number[][];
    // Cohere on Bedrock reports tokens only in the X-Amzn-Bedrock-Input-Token-Count header,
    // which the codec does not see: estimated from the echoed texts (4 characters a token).
    const texts = Array.isArray(body.texts) ? (body.texts as unknown[]) : [];
    tokens = texts.reduce<number>((n, t) => n + Math.ceil(String(t).length / 4), 0);
    source = "estimated";
  } else {
    throw bedrockMalformed(provider, "the embeddings response has no embedding(s)");
  }
  return {
    model: ctx.target.model,
    data: vectors.map((embedding, index) => ({ index, embedding })),
    usage: { input_tokens: tokens, source },
  };
}

/**
 * Canonical embeddings ⇄ Gemini `embedContent` / `batchEmbedContents`
 * (https://ai.google.dev/api/embeddings).
 */
import type { EmbeddingsRequest, EmbeddingsResponse } from "../../canonical/embeddings.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import type {
  GeminiBatchEmbedContentsRequest,
  GeminiBatchEmbedContentsResponse,
  GeminiEmbedContentRequest,
  GeminiEmbedContentResponse,
} from "./wire.js";

/** Canonical `input_type` → Gemini `taskType` (https://ai.google.dev/api/embeddings#tasktype). */
const TASK_TYPES: Record<string, string> = {
  search_document: "RETRIEVAL_DOCUMENT",
  search_query: "RETRIEVAL_QUERY",
  classification: "CLASSIFICATION",
  clustering: "CLUSTERING",
};

/**
 * Gemini's embedding responses carry no token count, so usage is estimated from the input
 * (4 characters per token) at encode time and read back at decode time, keyed by the attempt.
 */
const estimates = new WeakMap<CodecContext, number>();

export interface GeminiEmbedCall {
  /** `embedContent` for one input, `batchEmbedContents` for several. */
  method: "embedContent" | "batchEmbedContents";
  body: GeminiEmbedContentRequest | GeminiBatchEmbedContentsRequest;
}

/** Builds the body and picks the method. Token-id inputs are refused: Gemini embeds text only. */
export function toGeminiEmbed(req: EmbeddingsRequest, ctx: CodecContext, provider: string): GeminiEmbedCall {
  const texts = req.input.map((x) => {
    if (typeof x !== "string") {
      throw GatewayError.unsupported("input", provider, "Gemini embeds text, not token ids");
    }
    return x;
  });
  if (texts.length === 0) throw GatewayError.invalid("input must not be empty.", "input");
  let taskType: string | undefined;
  if (req.input_type !== undefined) {
    taskType = TASK_TYPES[req.input_type];
    if (!taskType) throw GatewayError.invalid(`Unknown input_type '${req.input_type}'.`, "input_type");
  }
  if (req.user !== undefined) ctx.warn(`${provider}: 'user' is not sent (Gemini has no such field)`);
  estimates.set(
    ctx,
    texts.reduce((n, t) => n + Math.max(1, Math.ceil(t.length / 4)), 0),
  );
  const one = (text: string): GeminiEmbedContentRequest => ({
    content: { parts: [{ text }] },
    ...(taskType ? { taskType } : {}),
    ...(req.dimensions !== undefined ? { outputDimensionality: req.dimensions } : {}),
  });
  if (texts.length === 1) return { method: "embedContent", body: one(texts[0]!) };
  // Each batch entry names its model again, as `models/<id>` (the batch refuses a mismatch).
  const model = `models/${ctx.target.model}`;
  return { method: "batchEmbedContents", body: { requests: texts.map((t) => ({ model, ...one(t) })) } };
}

/** Reads `{embedding:{values}}` or `{embeddings:[{values}]}`. */
export function fromGeminiEmbed(body: unknown, ctx: CodecContext): EmbeddingsResponse {
  let vectors: number[][];
  if (isRecord(body) && isRecord(body.embedding)) {
    vectors = [(body as unknown as GeminiEmbedContentResponse).embedding.values];
  } else if (isRecord(body) && Array.isArray(body.embeddings)) {
    vectors = (body as unknown as GeminiBatchEmbedContentsResponse).embeddings.map((e) => e.values);
  } else {
    throw new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_bad_response",
      message: "Gemini returned an unexpected embeddings response.",
      provider: ctx.target.provider,
    });
  }
  return {
    model: ctx.target.model,
    data: vectors.map((embedding, index) => ({ index, embedding })),
    usage: { input_tokens: estimates.get(ctx) ?? 0, source: "estimated" },
  };
}

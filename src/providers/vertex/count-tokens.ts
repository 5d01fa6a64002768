/**
 * Token counting on Vertex AI, per publisher. Claude
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/count-tokens):
 * `POST …/publishers/anthropic/models/count-tokens:rawPredict`, one URL for every model, so the
 * body names the model (unlike generation, whose URL does); the body is otherwise the client's
 * Messages `count_tokens` body, carried as sent, with `anthropic_version` as Anthropic's Vertex
 * SDK adds it. Gemini: `…/publishers/google/models/{model}:countTokens` (gemini/count-tokens.ts).
 */
import { fromAnthropicTokenCount } from "../anthropic/count-tokens.js";
import { fromGeminiTokenCount, toVertexGeminiCountBody } from "../gemini/count-tokens.js";
import type { CountTokensCodec, UpstreamRequest } from "../types.js";
import { isAnthropicModel, VERTEX_ANTHROPIC_VERSION } from "./anthropic.js";
import { guardStructuredOutputs } from "./structured-outputs.js";

/** What the codec needs from the provider: its URLs and a signed request. */
export interface VertexTransport {
  provider: string;
  url(publisher: string, model: string, method: string): string;
  post(url: string, body: unknown): Promise<UpstreamRequest>;
}

export function vertexCountTokens(t: VertexTransport): CountTokensCodec {
  return {
    encode(req, body, ctx) {
      const model = ctx.target.model;
      if (!isAnthropicModel(model)) {
        return t.post(t.url("google", model, "countTokens"), toVertexGeminiCountBody(req, ctx, t.provider));
      }
      // A copy: the guard edits in place, and the body is the client's (shared across attempts).
      const counted = structuredClone(body);
      // why: the count endpoint takes what generation takes; a project without structured
      // outputs refuses `output_config.format` there too (vertex-anthropic emulator).
      guardStructuredOutputs(counted, ctx, t.provider);
      return t.post(t.url("anthropic", "count-tokens", "rawPredict"), {
        anthropic_version: VERTEX_ANTHROPIC_VERSION,
        ...counted,
        model,
      });
    },
    decode: (body, ctx) =>
      isAnthropicModel(ctx.target.model)
        ? fromAnthropicTokenCount(body, t.provider)
        : fromGeminiTokenCount(body, t.provider),
  };
}

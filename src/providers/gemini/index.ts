/**
 * The `gemini` provider: Google AI Studio's Gemini API (https://ai.google.dev/api/generate-content).
 * The body codec (request.ts, response.ts, stream.ts, errors.ts) is shared with the `vertex`
 * provider; this file holds the AI Studio transport: URLs and the API key header.
 */
import { joinUrl } from "../base-schema.js";
import type { CodecContext, Provider, ProviderDefinition, UpstreamRequest } from "../types.js";
import { GEMINI_DEFAULT_BASE_URL, type GeminiConfig, geminiConfigSchema } from "./config.js";
import { fromGeminiTokenCount, toGeminiCountBody } from "./count-tokens.js";
import { fromGeminiEmbed, toGeminiEmbed } from "./embeddings.js";
import { decodeGoogleError } from "./errors.js";
import prices from "./prices.json" with { type: "json" };
import { toGeminiRequest } from "./request.js";
import { decodeGeminiResponse } from "./response.js";
import { decodeGeminiStream } from "./stream.js";

/** Creates a configured AI Studio provider. */
function createGemini(name: string, config: GeminiConfig): Provider {
  const base = config.base_url ?? GEMINI_DEFAULT_BASE_URL;
  // The key travels in a header, never as `?key=`: URLs end up in access logs and traces.
  const headers = { ...config.headers, "content-type": "application/json", "x-goog-api-key": config.api_key };
  const url = (model: string, method: string): string =>
    joinUrl(base, `/v1beta/models/${encodeURIComponent(model)}:${method}`);
  const post = (u: string, body: unknown): UpstreamRequest => ({
    method: "POST",
    url: u,
    headers: { ...headers },
    body: JSON.stringify(body),
  });
  const scope = (ctx: CodecContext) => ({ provider: name, ctx });
  return {
    name,
    type: "gemini",
    origin: new URL(base).origin,
    chat: {
      encode(req, ctx) {
        const body = toGeminiRequest(req, scope(ctx));
        const method = req.stream ? "streamGenerateContent?alt=sse" : "generateContent";
        return post(url(ctx.target.model, method), body);
      },
      decode: decodeGeminiResponse,
      decodeStream: (body, ctx) => decodeGeminiStream(body, ctx),
    },
    embeddings: {
      encode(req, ctx) {
        const call = toGeminiEmbed(req, ctx, name);
        return post(url(ctx.target.model, call.method), call.body);
      },
      decode: fromGeminiEmbed,
    },
    countTokens: {
      encode: (req, _body, ctx) =>
        post(url(ctx.target.model, "countTokens"), toGeminiCountBody(req, ctx, name)),
      decode: (body) => fromGeminiTokenCount(body, name),
    },
    decodeError: (status, h, body) => decodeGoogleError(status, h, body, { provider: name, label: "Gemini" }),
  };
}

/** The `gemini` provider type (one line in `src/providers/registry.ts`). */
export const geminiProvider: ProviderDefinition<GeminiConfig> = {
  type: "gemini",
  schema: geminiConfigSchema,
  telemetry: { genAiProviderName: "gcp.gemini" },
  prices,
  create: createGemini,
};

/**
 * The `vertex` provider: Gemini and Claude models on Google Cloud Vertex AI
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference). Gemini models
 * use the `gemini` folder's body codec; `claude-*` models use the `anthropic` folder's. This file
 * holds the transport: URLs per publisher and the OAuth Bearer token.
 */
import type { ChatRequest } from "../../canonical/chat.js";
import { joinUrl } from "../base-schema.js";
import { toGeminiRequest } from "../gemini/request.js";
import { decodeGeminiResponse } from "../gemini/response.js";
import { decodeGeminiStream } from "../gemini/stream.js";
import type { CodecContext, Provider, ProviderDefinition, UpstreamRequest } from "../types.js";
import {
  decodeVertexAnthropic,
  decodeVertexAnthropicStream,
  isAnthropicModel,
  toVertexAnthropicBody,
} from "./anthropic.js";
import { type AccessTokenSource, ServiceAccountTokenSource } from "./auth.js";
import {
  parseServiceAccountKey,
  type VertexConfig,
  vertexBaseUrl,
  vertexConfigSchema,
  vertexTargetSchema,
} from "./config.js";
import { vertexCountTokens } from "./count-tokens.js";
import { decodeVertexError } from "./errors.js";

export type { VertexConfig } from "./config.js";

/** Seams for tests: a fixed token source instead of the service-account exchange. */
export interface VertexDeps {
  tokens?: AccessTokenSource;
}

/** Creates a configured Vertex AI provider. */
export function createVertex(name: string, config: VertexConfig, deps: VertexDeps = {}): Provider {
  const base = vertexBaseUrl(config);
  const tokens =
    deps.tokens ??
    new ServiceAccountTokenSource(parseServiceAccountKey(config.credentials), {
      provider: name,
      ...(config.token_url ? { tokenUrl: config.token_url } : {}),
    });
  const root = `/v1/projects/${config.project}/locations/${config.location}/publishers`;
  // Versioned ids keep their `@` (`claude-sonnet-4-5@20250929`), as Google's own URLs show them.
  const url = (publisher: string, model: string, method: string) =>
    joinUrl(base, `${root}/${publisher}/models/${encodeURIComponent(model).replace(/%40/g, "@")}:${method}`);

  async function post(target: string, body: unknown): Promise<UpstreamRequest> {
    const headers = {
      ...config.headers,
      "content-type": "application/json",
      authorization: `Bearer ${await tokens.token()}`,
    };
    return { method: "POST", url: target, headers, body: JSON.stringify(body) };
  }

  async function encode(req: ChatRequest, ctx: CodecContext): Promise<UpstreamRequest> {
    const model = ctx.target.model;
    let target: string;
    let body: unknown;
    if (isAnthropicModel(model)) {
      target = url("anthropic", model, req.stream ? "streamRawPredict" : "rawPredict");
      body = toVertexAnthropicBody(req, ctx, name);
    } else {
      target = url("google", model, req.stream ? "streamGenerateContent?alt=sse" : "generateContent");
      body = toGeminiRequest(req, { provider: name, ctx });
    }
    return post(target, body);
  }

  return {
    name,
    type: "vertex",
    origin: new URL(base).origin,
    chat: {
      encode,
      decode: (body, ctx) =>
        isAnthropicModel(ctx.target.model)
          ? decodeVertexAnthropic(body, ctx, name)
          : decodeGeminiResponse(body, ctx),
      decodeStream: (body, ctx) =>
        isAnthropicModel(ctx.target.model)
          ? decodeVertexAnthropicStream(body, ctx, name)
          : decodeGeminiStream(body, ctx, "Vertex AI"),
    },
    // Claude on Vertex takes the Messages API's prefill; Gemini answers after a final model turn.
    supportsPrefill: (target) => isAnthropicModel(target.model),
    countTokens: vertexCountTokens({ provider: name, url, post }),
    decodeError: (status, headers, body) => decodeVertexError(status, headers, body, name),
  };
}

/** The `vertex` provider type (one line in `src/providers/registry.ts`). */
export const vertexProvider: ProviderDefinition<VertexConfig> = {
  type: "vertex",
  schema: vertexConfigSchema,
  targetSchema: vertexTargetSchema,
  telemetry: { genAiProviderName: "gcp.vertex_ai" },
  create: (name, config) => createVertex(name, config),
};

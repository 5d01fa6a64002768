/**
 * Claude on Vertex AI (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude):
 * the Anthropic Messages body, minus `model` (the URL names it), plus
 * `anthropic_version: "vertex-2023-10-16"`, posted to `:rawPredict` / `:streamRawPredict`.
 * The body codec is the `anthropic` provider's; only the transport differs.
 */
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import type { AnthropicConfig } from "../anthropic/config.js";
import { decodeAnthropicError } from "../anthropic/errors.js";
import { jsonToolChunksToText, jsonToolToText } from "../anthropic/json-mode.js";
import { toAnthropicRequest } from "../anthropic/request.js";
import { decodeAnthropic } from "../anthropic/response.js";
import { decodeAnthropicStream } from "../anthropic/stream.js";
import type { CodecContext } from "../types.js";
import { guardStructuredOutputs } from "./structured-outputs.js";

/** The version Vertex requires in the body instead of the `anthropic-version` header. */
export const VERTEX_ANTHROPIC_VERSION = "vertex-2023-10-16";

/** Model ids served by the Anthropic publisher on Vertex (`claude-sonnet-4-5@20250929`, …). */
export function isAnthropicModel(model: string): boolean {
  return model.startsWith("claude-");
}

/** The anthropic codec's config: no key (Vertex uses OAuth), its defaults otherwise. */
const CODEC_CONFIG: AnthropicConfig = { type: "anthropic", api_key: "unused-on-vertex" };

/** Canonical request → the Vertex rawPredict body. */
export function toVertexAnthropicBody(
  req: ChatRequest,
  ctx: CodecContext,
  provider: string,
): Record<string, unknown> {
  const { model: _model, ...body } = toAnthropicRequest(req, ctx, CODEC_CONFIG, provider);
  guardStructuredOutputs(body, ctx, provider);
  return { anthropic_version: VERTEX_ANTHROPIC_VERSION, ...body };
}

export const decodeVertexAnthropic = (body: unknown, ctx: CodecContext, provider: string) =>
  jsonToolToText(decodeAnthropic(body, ctx, provider));

export const decodeVertexAnthropicStream = (
  body: AsyncIterable<Uint8Array>,
  ctx: CodecContext,
  provider: string,
): AsyncIterable<ChatChunk> => jsonToolChunksToText(decodeAnthropicStream(body, ctx, provider));

export { decodeAnthropicError };

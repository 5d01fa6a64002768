/**
 * Gemini's own token count, `models.countTokens`. On AI Studio
 * (https://ai.google.dev/api/tokens#method:-models.counttokens) the body is either `contents` or a
 * whole `generateContentRequest` (the two are exclusive); only the second carries the system
 * instruction and the tools, so Tollgate always sends that, with the `models/{model}` name it
 * requires. On Vertex AI
 * (https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.publishers.models/countTokens)
 * the fields sit at the top level: `contents`, `systemInstruction`, `tools`, `generationConfig`.
 * Both answer `{ "totalTokens": n, … }`.
 */
import type { ChatRequest } from "../../canonical/chat.js";
import { readTokenCount } from "../token-count.js";
import type { CodecContext } from "../types.js";
import { toGeminiRequest } from "./request.js";

/** The AI Studio `countTokens` body for a chat request. */
export function toGeminiCountBody(
  req: ChatRequest,
  ctx: CodecContext,
  provider: string,
): { generateContentRequest: Record<string, unknown> } {
  const body = toGeminiRequest(req, { provider, ctx });
  return { generateContentRequest: { model: `models/${ctx.target.model}`, ...body } };
}

/** The Vertex AI `countTokens` body: the fields its CountTokensRequest has, nothing else. */
export function toVertexGeminiCountBody(
  req: ChatRequest,
  ctx: CodecContext,
  provider: string,
): Record<string, unknown> {
  // why: Vertex's CountTokensRequest has no toolConfig or safetySettings; Google refuses unknown
  // fields ("Cannot find field"), and neither changes the prompt's token count.
  const { toolConfig: _t, safetySettings: _s, ...body } = toGeminiRequest(req, { provider, ctx });
  return body;
}

/** Reads `totalTokens` from either API's answer. */
export const fromGeminiTokenCount = (body: unknown, provider: string): number =>
  readTokenCount(body, "totalTokens", provider);

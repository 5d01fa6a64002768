/**
 * The Gemini API (Google AI Studio) emulator (https://ai.google.dev/api/generate-content):
 * `generateContent`, `streamGenerateContent?alt=sse`, `embedContent`, `batchEmbedContents` and
 * `countTokens`
 * under `/v1beta/models/{model}`. The key is read from `x-goog-api-key` (or `?key=`, which the real
 * API also accepts; Tollgate never sends it). Vertex AI is emulated in `vertex.ts`.
 */

import { answerOrRefuse } from "../other-route.js";
import { EmulatorBadRequest, type ProviderEmulator } from "../types.js";
import { studioCountTokens } from "./count-tokens.js";
import { embedJson } from "./embed.js";
import { geminiError } from "./errors.js";
import { GEMINI_SSE, geminiFrames, geminiJson, renderOptions } from "./render.js";
import { geminiChatView } from "./view.js";

/** The key that the emulator refuses with 400 API_KEY_INVALID, as Google does. */
export const GEMINI_INVALID_KEY = "invalid";

export const geminiEmulator: ProviderEmulator = {
  name: "gemini",
  routes: [
    {
      method: "POST",
      pattern: /^\/v1beta\/models\/(?<model>[^/:]+):(?<method>generateContent|streamGenerateContent)$/,
      op: "chat",
    },
    {
      method: "POST",
      pattern: /^\/v1beta\/models\/(?<model>[^/:]+):(?<method>embedContent|batchEmbedContents)$/,
      op: "embeddings",
    },
    { method: "POST", pattern: /^\/v1beta\/models\/(?<model>[^/:]+):countTokens$/, op: "other" },
  ],
  checkAuth(match) {
    const header = match.headers["x-goog-api-key"];
    const key = (Array.isArray(header) ? header[0] : header) ?? match.url.searchParams.get("key");
    return !key || key === GEMINI_INVALID_KEY ? "auth" : undefined;
  },
  chatView(body, match) {
    // Without `alt=sse` Google streams one JSON array; the emulator serves the SSE form only.
    if (match.params.method === "streamGenerateContent" && match.url.searchParams.get("alt") !== "sse") {
      throw new EmulatorBadRequest("emulator: streamGenerateContent is served with alt=sse only");
    }
    return geminiChatView(body, match);
  },
  chatJson: (plan, view, match) => geminiJson(plan, view, renderOptions(view, match, false)),
  chatStream: (plan, view, match) => ({
    contentType: GEMINI_SSE,
    frames: geminiFrames(plan, view, renderOptions(view, match, false)),
  }),
  embeddings: (body, match) => embedJson(body, match),
  other: (body, match) =>
    answerOrRefuse(
      () => studioCountTokens(body, match),
      (m) => geminiError("bad_request", m),
    ),
  errorResponse: geminiError,
};

export { vertexEmulator } from "./vertex.js";
export { vertexAnthropicEmulator } from "./vertex-anthropic.js";

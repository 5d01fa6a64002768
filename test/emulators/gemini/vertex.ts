/**
 * The Vertex AI emulator for Gemini models
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference):
 * `/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse` and `:countTokens`, authorised by a Bearer token from its own
 * `POST /token`.
 * Anthropic models on Vertex are in `vertex-anthropic.ts`.
 */

import { answerOrRefuse } from "../other-route.js";
import type { ProviderEmulator } from "../types.js";
import { vertexGeminiCountTokens } from "./count-tokens.js";
import { vertexError } from "./errors.js";
import { GEMINI_SSE, geminiFrames, geminiJson, renderOptions } from "./render.js";
import { hasIssuedToken, tokenEndpoint } from "./vertex-token.js";
import { geminiChatView } from "./view.js";

const PREFIX = "^/v1/projects/(?<project>[^/]+)/locations/(?<location>[^/]+)/publishers";

export const vertexEmulator: ProviderEmulator = {
  name: "vertex",
  routes: [
    {
      method: "POST",
      pattern: new RegExp(
        `${PREFIX}/google/models/(?<model>[^/:]+):(?<method>generateContent|streamGenerateContent)$`,
      ),
      op: "chat",
    },
    {
      method: "POST",
      pattern: new RegExp(`${PREFIX}/google/models/(?<model>[^/:]+):countTokens$`),
      op: "other",
    },
    { method: "POST", pattern: /^\/token$/, op: "other" },
  ],
  checkAuth: (match) => (match.url.pathname === "/token" || hasIssuedToken(match) ? undefined : "auth"),
  chatView: geminiChatView,
  chatJson: (plan, view, match) => geminiJson(plan, view, renderOptions(view, match, true)),
  chatStream: (plan, view, match) => ({
    contentType: GEMINI_SSE,
    frames: geminiFrames(plan, view, renderOptions(view, match, true)),
  }),
  other: (body, match) =>
    match.url.pathname === "/token"
      ? tokenEndpoint(body)
      : answerOrRefuse(
          () => vertexGeminiCountTokens(body, match),
          (m) => vertexError("bad_request", m),
        ),
  errorResponse: vertexError,
};

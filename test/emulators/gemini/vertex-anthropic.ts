/**
 * The Vertex AI emulator for Anthropic models
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude):
 * `.../publishers/anthropic/models/{model}:rawPredict` and `:streamRawPredict`, and
 * `.../models/count-tokens:rawPredict`. The body is an
 * Anthropic Messages body without `model` and with `anthropic_version: "vertex-2023-10-16"`; the
 * answer is the Anthropic emulator's. Auth and quota errors come from Vertex (Google's format),
 * model errors from Anthropic (Anthropic's format).
 */
import { COUNT_FIELDS } from "../anthropic/index.js";
import { anthropicError, messageFrames, messageJson } from "../anthropic/render.js";
import { anthropicChatView } from "../anthropic/validate.js";
import { answerOrRefuse } from "../other-route.js";
import {
  type ChatView,
  EmulatorBadRequest,
  type ErrorKind,
  type ProviderEmulator,
  type RouteMatch,
} from "../types.js";
import { vertexError } from "./errors.js";
import { hasIssuedToken } from "./vertex-token.js";

const VERSION = "vertex-2023-10-16";
const GOOGLE_SIDE = new Set<ErrorKind>(["auth", "rate_limit", "model_not_found"]);

/**
 * Structured outputs for Claude are off on Vertex until a project enables them
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/structured-outputs);
 * the emulator plays a project that has (an id ending in `-structured`) and any other, that has
 * not. The wording of the refusal is the emulator's.
 */
function checkStructuredOutputs(b: Record<string, unknown>, project: string): void {
  if (project.endsWith("-structured")) return;
  const config = b.output_config;
  if (typeof config === "object" && config !== null && "format" in config) {
    throw new EmulatorBadRequest("output_config.format: structured outputs are not enabled for this project");
  }
  const tools = Array.isArray(b.tools) ? b.tools : [];
  if (tools.some((t) => typeof t === "object" && t !== null && "strict" in t)) {
    throw new EmulatorBadRequest("tools.strict: structured outputs are not enabled for this project");
  }
}

/**
 * `count-tokens:rawPredict` (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/count-tokens):
 * one URL for every model, so the body must name it; otherwise the Messages `count_tokens` body,
 * with the `anthropic_version` Anthropic's Vertex SDK adds (Google's own example omits it).
 */
function countTokens(body: unknown, match: RouteMatch): { input_tokens: number } {
  const b = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof b.model !== "string" || !b.model.startsWith("claude-")) {
    throw new EmulatorBadRequest("model: Field required");
  }
  if (b.anthropic_version !== undefined && b.anthropic_version !== VERSION) {
    throw new EmulatorBadRequest(`anthropic_version: Input should be '${VERSION}'`);
  }
  checkStructuredOutputs(b, match.params.project ?? "");
  const { anthropic_version: _, ...rest } = b;
  for (const k of Object.keys(rest)) {
    if (!COUNT_FIELDS.has(k)) throw new EmulatorBadRequest(`${k}: Extra inputs are not permitted`);
  }
  const headers = { ...match.headers, "anthropic-version": "2023-06-01" };
  return { input_tokens: anthropicChatView({ ...rest, max_tokens: 1 }, { ...match, headers }).inputTokens };
}

export const vertexAnthropicEmulator: ProviderEmulator = {
  name: "vertex-anthropic",
  routes: [
    // Listed first: `count-tokens` would otherwise match the generation route as a model id.
    {
      method: "POST",
      pattern:
        /^\/v1\/projects\/(?<project>[^/]+)\/locations\/(?<location>[^/]+)\/publishers\/anthropic\/models\/count-tokens:rawPredict$/,
      op: "other",
    },
    {
      method: "POST",
      pattern:
        /^\/v1\/projects\/(?<project>[^/]+)\/locations\/(?<location>[^/]+)\/publishers\/anthropic\/models\/(?<model>[^/:]+):(?<method>rawPredict|streamRawPredict)$/,
      op: "chat",
    },
  ],
  checkAuth: (match) => (hasIssuedToken(match) ? undefined : "auth"),
  chatView(body, match): ChatView {
    const b = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    if (b.anthropic_version !== VERSION) {
      throw new EmulatorBadRequest(`anthropic_version: Input should be '${VERSION}'`);
    }
    if ("model" in b) throw new EmulatorBadRequest("model: Extra inputs are not permitted");
    checkStructuredOutputs(b, match.params.project ?? "");
    const { anthropic_version: _, ...rest } = b;
    const streamed = match.params.method === "streamRawPredict";
    if (streamed !== (b.stream === true)) {
      throw new EmulatorBadRequest(`stream: must be ${streamed} for ${match.params.method}`);
    }
    // The Anthropic check wants the model in the body and the version as a header.
    const headers = { ...match.headers, "anthropic-version": "2023-06-01" };
    return anthropicChatView({ ...rest, model: match.params.model }, { ...match, headers });
  },
  chatJson: (plan, view) => messageJson(plan, view),
  chatStream: (plan, view) => ({
    contentType: "text/event-stream; charset=utf-8",
    frames: messageFrames(plan, view),
  }),
  other: (body, match) =>
    answerOrRefuse(
      () => countTokens(body, match),
      (m) => anthropicError("bad_request", m),
    ),
  errorResponse: (kind, message) =>
    GOOGLE_SIDE.has(kind) ? vertexError(kind, message) : anthropicError(kind, message),
};

/**
 * The Anthropic Messages API emulator (https://docs.anthropic.com/en/api/messages):
 * `POST /v1/messages` (JSON and SSE) and `POST /v1/messages/count_tokens`. Requests are validated
 * as the real API does, so that translation bugs surface as 400 invalid_request_error.
 */
import { answerOrRefuse } from "../other-route.js";
import { EmulatorBadRequest, type ProviderEmulator } from "../types.js";
import { anthropicError, anthropicStreamError, messageFrames, messageJson } from "./render.js";
import { anthropicChatView } from "./validate.js";

/** The key that the emulator refuses with 401 authentication_error. */
export const ANTHROPIC_INVALID_KEY = "invalid";

/** `MessageCountTokensParams` in the official SDK. */
export const COUNT_FIELDS = new Set([
  "model",
  "messages",
  "system",
  "tools",
  "tool_choice",
  "thinking",
  "output_config",
  "cache_control",
  "speed",
  "mcp_servers",
  "context_management",
]);

export const anthropicEmulator: ProviderEmulator = {
  name: "anthropic",
  routes: [
    { method: "POST", pattern: /^\/v1\/messages$/, op: "chat" },
    { method: "POST", pattern: /^\/v1\/messages\/count_tokens$/, op: "other" },
  ],
  checkAuth(match) {
    // The API takes the key as `x-api-key`; current official SDKs send `Authorization: Bearer`.
    const bearer = /^Bearer (.+)$/.exec(String(match.headers.authorization ?? ""))?.[1];
    const key = match.headers["x-api-key"] ?? bearer;
    return !key || key === ANTHROPIC_INVALID_KEY ? "auth" : undefined;
  },
  chatView: anthropicChatView,
  chatJson: (plan, view) => messageJson(plan, view),
  chatStream: (plan, view) => ({
    contentType: "text/event-stream; charset=utf-8",
    frames: messageFrames(plan, view),
  }),
  other: (body, match) =>
    // https://docs.anthropic.com/en/api/messages-count-tokens (`MessageCountTokensParams` in the
    // official SDK): the Messages body without max_tokens, stream or sampling fields.
    answerOrRefuse(
      () => {
        for (const k of Object.keys((body ?? {}) as object))
          if (!COUNT_FIELDS.has(k)) throw new EmulatorBadRequest(`${k}: Extra inputs are not permitted`);
        return { input_tokens: anthropicChatView({ ...(body as object), max_tokens: 1 }, match).inputTokens };
      },
      (m) => anthropicError("bad_request", m),
    ),
  errorResponse: anthropicError,
  streamError: anthropicStreamError,
};

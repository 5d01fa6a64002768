/**
 * `POST /v1/messages/count_tokens` (https://docs.anthropic.com/en/api/messages-count-tokens): the
 * Messages request without its generation fields. Fields the endpoint does not take are refused
 * as the API refuses them ("Extra inputs are not permitted"); the rest is parsed like a Messages
 * request so any provider can count it.
 */
import type { ChatRequest } from "../../canonical/chat.js";
import { isRecord } from "../../wire/json.js";
import { parseAnthropicRequest } from "./parse-request.js";
import { invalidAt } from "./validate.js";

/** `MessageCountTokensParams` in `@anthropic-ai/sdk` (resources/messages/messages.d.ts). */
const FIELDS = new Set([
  "model",
  "messages",
  "system",
  "tools",
  "tool_choice",
  "thinking",
  "output_config",
  "cache_control",
  "speed",
  // Beta fields the SDK's beta client sends (`anthropic.beta.messages.countTokens`).
  "mcp_servers",
  "context_management",
]);

export interface CountTokensRequest {
  /** The request as canonical chat (for providers without the endpoint, and estimates). */
  chat: ChatRequest;
  /** The client's own body, for providers of the Anthropic family (unknown fields carried). */
  body: Record<string, unknown>;
}

/** Validates a count_tokens body. Throws a 400 `GatewayError` naming the field. */
export function parseAnthropicCountTokens(body: unknown): CountTokensRequest {
  if (!isRecord(body)) throw invalidAt([], "The request body must be a JSON object.");
  for (const k of Object.keys(body))
    if (!FIELDS.has(k)) throw invalidAt([k], "Extra inputs are not permitted");
  // why: the Messages schema requires max_tokens, which counting has no use for.
  const chat = parseAnthropicRequest({ ...body, max_tokens: 1 });
  delete chat.max_tokens;
  return { chat, body };
}

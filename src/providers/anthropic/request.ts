/**
 * Canonical chat request → `POST {base_url}/v1/messages` (https://docs.anthropic.com/en/api/messages).
 */
import type { ChatRequest } from "../../canonical/chat.js";
import { isRecord } from "../../wire/json.js";
import { joinUrl } from "../base-schema.js";
import type { CodecContext, UpstreamRequest } from "../types.js";
import { CARRY_KEYS, restoreCarried } from "./carried.js";
import {
  ANTHROPIC_BASE_URL,
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  ANTHROPIC_DEFAULT_VERSION,
  type AnthropicConfig,
} from "./config.js";
import { withJsonTool } from "./json-mode.js";
import { toAnthropicMessages } from "./request-messages.js";
import {
  checkUnsupported,
  toAnthropicSampling,
  toAnthropicThinking,
  toAnthropicTools,
  toMaxTokens,
  toOutputFormat,
} from "./request-params.js";
import { fitThinking, type ThinkingFields } from "./thinking-fit.js";
import type { AnthropicMessagesRequest } from "./wire.js";

/** The Messages endpoint of a configured provider. */
export function messagesUrl(config: AnthropicConfig): string {
  return joinUrl(config.base_url ?? ANTHROPIC_BASE_URL, "/v1/messages");
}

/**
 * Upstream headers (https://docs.anthropic.com/en/api/overview#authentication): only the configured
 * key is ever sent, never a client's credentials.
 */
export function anthropicHeaders(config: AnthropicConfig): Record<string, string> {
  return {
    ...config.headers,
    "content-type": "application/json",
    "anthropic-version": config.anthropic_version ?? ANTHROPIC_DEFAULT_VERSION,
    ...(config.beta?.length ? { "anthropic-beta": config.beta.join(",") } : {}),
    "x-api-key": config.api_key,
  };
}

/** Canonical request → Messages API body. JSON mode becomes the JSON tool (json-mode.ts). */
export function toAnthropicRequest(
  asked: ChatRequest,
  ctx: CodecContext,
  config: AnthropicConfig,
  provider: string,
): AnthropicMessagesRequest {
  const req = withJsonTool(asked, ctx, provider);
  checkUnsupported(req, ctx, provider);
  const { system, messages } = toAnthropicMessages(req.messages, ctx, provider);
  const extra = req.extra?.anthropic ?? {};
  const fields = Object.fromEntries(Object.entries(extra).filter(([k]) => !CARRY_KEYS.has(k)));
  const { thinking, effort } = thinkingOf(req, fields, ctx, provider);
  const format = toOutputFormat(req, ctx, provider);
  const body: AnthropicMessagesRequest = {
    // Fields an Anthropic client sent that no canonical field holds are carried first, so the
    // mapped fields below win where both exist.
    ...fields,
    model: ctx.target.model,
    messages,
    max_tokens: toMaxTokens(
      req,
      config.default_max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      thinking?.budget_tokens,
    ),
    ...(system ? { system } : {}),
    ...toAnthropicTools(req),
    ...toAnthropicSampling(req, ctx, provider),
    ...(thinking ? { thinking: { ...(isRecord(fields.thinking) ? fields.thinking : {}), ...thinking } } : {}),
  };
  const outputConfig = {
    ...(isRecord(fields.output_config) ? fields.output_config : {}),
    ...(effort ? { effort } : {}),
    ...(format ? { format } : {}),
  };
  if (Object.keys(outputConfig).length) body.output_config = outputConfig;
  fitThinking(body as ThinkingFields, req.reasoning?.budget_tokens === undefined, ctx, provider);
  restoreCarried(body, extra, ctx, provider);
  if (req.stream) body.stream = true;
  else delete body.stream;
  return body;
}

/**
 * Thinking: a carried `thinking` that canonical form cannot hold (`adaptive`, `disabled`) wins
 * over an effort-derived budget, and the effort then goes to Anthropic's own
 * `output_config.effort` (fixture requests/case-adaptive-thinking).
 */
function thinkingOf(req: ChatRequest, fields: Record<string, unknown>, ctx: CodecContext, provider: string) {
  const carried = isRecord(fields.thinking) && req.reasoning?.budget_tokens === undefined;
  if (carried) {
    const effort = req.reasoning?.effort;
    return { thinking: undefined, effort: effort === "none" ? undefined : effort };
  }
  return { thinking: toAnthropicThinking(req, ctx, provider), effort: undefined };
}

/** Canonical request → upstream HTTP request. */
export function encodeAnthropic(
  req: ChatRequest,
  ctx: CodecContext,
  config: AnthropicConfig,
  provider: string,
): UpstreamRequest {
  return {
    method: "POST",
    url: messagesUrl(config),
    headers: anthropicHeaders(config),
    body: JSON.stringify(toAnthropicRequest(req, ctx, config, provider)),
  };
}

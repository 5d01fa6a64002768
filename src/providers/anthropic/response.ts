/**
 * Messages API response → canonical response (https://docs.anthropic.com/en/api/messages#response).
 */
import type { ChatResponse, ContentPart, FinishReason, ToolCall, Usage } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import type { AnthropicUsage } from "./wire.js";

/**
 * `stop_reason` → unified finish reason
 * (https://docs.anthropic.com/en/api/handling-stop-reasons).
 */
export function fromAnthropicStopReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      // `pause_turn` (a server tool's long turn paused) and values added later.
      return "other";
  }
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/**
 * Usage → canonical usage. Anthropic's `input_tokens` excludes cache reads and writes; canonical
 * input includes them (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching).
 */
export function fromAnthropicUsage(u: AnthropicUsage): Usage {
  const read = num(u.cache_read_input_tokens);
  const write = num(u.cache_creation_input_tokens);
  const thinking = num(u.output_tokens_details?.thinking_tokens);
  return {
    input_tokens: (num(u.input_tokens) ?? 0) + (read ?? 0) + (write ?? 0),
    output_tokens: num(u.output_tokens) ?? 0,
    ...(read !== undefined ? { cached_tokens: read } : {}),
    ...(write !== undefined ? { cache_write_tokens: write } : {}),
    ...(thinking !== undefined ? { reasoning_tokens: thinking } : {}),
    source: "provider",
  };
}

/** A response that is not a Messages API `message`. */
export function badUpstream(provider: string, what: string): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "upstream",
    code: "invalid_upstream_response",
    message: `Provider '${provider}' returned an unexpected response: ${what}.`,
    provider,
  });
}

/** Upstream JSON body → canonical response. */
export function decodeAnthropic(body: unknown, ctx: CodecContext, provider: string): ChatResponse {
  if (!isRecord(body) || body.type !== "message" || !Array.isArray(body.content)) {
    throw badUpstream(provider, "not a Messages API message");
  }
  const content: ContentPart[] = [];
  const calls: ToolCall[] = [];
  for (const block of body.content) {
    if (!isRecord(block)) throw badUpstream(provider, "a content block is not an object");
    fromBlock(block, content, calls, ctx, provider);
  }
  const raw = typeof body.stop_reason === "string" ? body.stop_reason : undefined;
  const stop = typeof body.stop_sequence === "string" ? body.stop_sequence : null;
  return {
    id: typeof body.id === "string" ? body.id : "",
    model: typeof body.model === "string" ? body.model : ctx.target.model,
    created: Math.floor(Date.now() / 1000),
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: fromAnthropicStopReason(raw),
        ...(raw !== undefined ? { raw_finish_reason: raw } : {}),
      },
    ],
    ...(isRecord(body.usage) ? { usage: fromAnthropicUsage(body.usage) } : {}),
    stop_sequence: stop,
  };
}

function fromBlock(
  b: Record<string, unknown>,
  content: ContentPart[],
  calls: ToolCall[],
  ctx: CodecContext,
  provider: string,
): void {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  switch (b.type) {
    case "text":
      content.push({ type: "text", text: str(b.text) });
      return;
    case "tool_use":
      calls.push({ id: str(b.id), name: str(b.name), arguments: JSON.stringify(b.input ?? {}) });
      return;
    case "thinking":
      content.push({
        type: "thinking",
        text: str(b.thinking),
        ...(b.signature ? { signature: str(b.signature) } : {}),
      });
      return;
    case "redacted_thinking":
      // why: the opaque `data` must be replayed unchanged; it travels in `signature` (fixture responses/thinking).
      content.push({ type: "thinking", text: "", signature: str(b.data), redacted: true });
      return;
    default:
      ctx.warn(
        `${provider}: response content block '${String(b.type)}' has no canonical form and was dropped`,
      );
  }
}

/**
 * Canonical messages → Messages API `system` and `messages`
 * (https://docs.anthropic.com/en/api/messages#body-messages).
 */
import type { ContentPart, Message, ToolCall } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import { unsupported } from "./unsupported.js";
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from "./wire.js";

interface Converted {
  system?: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

/**
 * Splits system/developer messages into the top-level `system` and converts the rest, merging
 * consecutive same-role messages because the API wants user/assistant turns to alternate.
 */
export function toAnthropicMessages(messages: Message[], ctx: CodecContext, provider: string): Converted {
  const system: AnthropicTextBlock[] = [];
  const out: AnthropicMessage[] = [];
  let seenChat = false;
  for (const [i, m] of messages.entries()) {
    if (isSystem(m)) {
      // why: the Messages API has one top-level system prompt; a mid-conversation system message
      // moves to the front (see fixture requests/system-mid-conversation).
      if (seenChat)
        ctx.warn(`${provider}: system message at index ${i} moved to the top-level system prompt`);
      system.push(...toSystemBlocks(m.content, i, ctx, provider));
      continue;
    }
    seenChat = true;
    const role = m.role === "assistant" ? "assistant" : "user";
    const content = toBlocks(m, i, ctx, provider);
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  }
  return { ...(system.length ? { system } : {}), messages: out };
}

type SystemMessage = Extract<Message, { role: "system" | "developer" }>;
const isSystem = (m: Message): m is SystemMessage => m.role === "system" || m.role === "developer";

function toSystemBlocks(parts: ContentPart[], i: number, ctx: CodecContext, provider: string) {
  const blocks: AnthropicTextBlock[] = [];
  for (const p of parts) {
    if (p.type === "text") {
      if (p.text) blocks.push(textBlock(p));
    } else
      unsupported(ctx, provider, `messages[${i}].content`, `a system prompt holds text only, not ${p.type}`);
  }
  return blocks;
}

function toBlocks(m: Exclude<Message, SystemMessage>, i: number, ctx: CodecContext, provider: string) {
  if (m.role === "tool") return [toToolResult(m, i, ctx, provider)];
  if ("name" in m && m.name)
    ctx.warn(`${provider}: messages[${i}].name is not sent (the API has no participant names)`);
  const blocks: AnthropicContentBlock[] = [];
  for (const p of m.content) {
    const b = toBlock(p, m.role, i, ctx, provider);
    if (b) blocks.push(b);
  }
  if (m.role === "assistant") {
    for (const [j, call] of (m.tool_calls ?? []).entries()) blocks.push(toToolUse(call, i, j));
  }
  return blocks;
}

function toBlock(
  p: ContentPart,
  role: "user" | "assistant",
  i: number,
  ctx: CodecContext,
  provider: string,
): AnthropicContentBlock | undefined {
  switch (p.type) {
    case "text":
      // why: the API refuses empty text blocks; OpenAI clients send `content: ""` beside tool calls.
      return p.text ? textBlock(p) : undefined;
    case "image":
      return toImage(p, ctx, provider);
    case "thinking":
      return toThinking(p, role, i, ctx, provider);
    case "file":
      return toDocument(p.file, i, ctx, provider);
    case "audio":
      unsupported(ctx, provider, `messages[${i}].content`, "audio input is not accepted by the Messages API");
      return undefined;
  }
}

function textBlock(p: Extract<ContentPart, { type: "text" }>): AnthropicTextBlock {
  return p.cache_control !== undefined
    ? { type: "text", text: p.text, cache_control: p.cache_control }
    : { type: "text", text: p.text };
}

/** https://docs.anthropic.com/en/docs/build-with-claude/vision */
function toImage(
  p: Extract<ContentPart, { type: "image" }>,
  ctx: CodecContext,
  provider: string,
): AnthropicImageBlock {
  if (p.detail && p.detail !== "auto") ctx.warn(`${provider}: image detail '${p.detail}' is ignored`);
  if (p.source.kind === "base64") {
    return {
      type: "image",
      source: { type: "base64", media_type: p.source.media_type, data: p.source.data },
    };
  }
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(p.source.url);
  if (data) return { type: "image", source: { type: "base64", media_type: data[1]!, data: data[2]! } };
  return { type: "image", source: { type: "url", url: p.source.url } };
}

/** A PDF sent as an OpenAI `file` part with `file_data` (https://docs.anthropic.com/en/docs/build-with-claude/pdf-support). */
function toDocument(file: Record<string, unknown>, i: number, ctx: CodecContext, provider: string) {
  const data =
    typeof file.file_data === "string" ? /^data:([^;,]+);base64,(.*)$/s.exec(file.file_data) : null;
  if (data) {
    return { type: "document", source: { type: "base64", media_type: data[1]!, data: data[2]! } } as const;
  }
  unsupported(
    ctx,
    provider,
    `messages[${i}].content`,
    "only files sent inline as base64 data URLs are supported",
  );
  return undefined;
}

/** https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks */
function toThinking(
  p: Extract<ContentPart, { type: "thinking" }>,
  role: "user" | "assistant",
  i: number,
  ctx: CodecContext,
  provider: string,
): AnthropicContentBlock | undefined {
  // why: a redacted block's opaque `data` travels in `signature` (see fixture responses/thinking).
  if (p.redacted) return { type: "redacted_thinking", data: p.signature ?? p.text };
  if (role === "assistant" && p.signature)
    return { type: "thinking", thinking: p.text, signature: p.signature };
  // Reasoning without an Anthropic signature (another provider's, or a user turn) cannot be replayed.
  ctx.warn(`${provider}: messages[${i}] thinking without an Anthropic signature is not sent`);
  return undefined;
}

function toToolUse(call: ToolCall, i: number, j: number): AnthropicContentBlock {
  const param = `messages[${i}].tool_calls[${j}].arguments`;
  let input: unknown = {};
  if (call.arguments.trim() !== "") {
    try {
      input = JSON.parse(call.arguments);
    } catch {
      throw GatewayError.invalid(
        `${param} is not valid JSON (message index ${i})`,
        param,
        "invalid_tool_arguments",
      );
    }
  }
  if (!isRecord(input)) {
    throw GatewayError.invalid(
      `${param} must be a JSON object (message index ${i})`,
      param,
      "invalid_tool_arguments",
    );
  }
  return { type: "tool_use", id: call.id, name: call.name, input };
}

/** https://docs.anthropic.com/en/docs/build-with-claude/tool-use#handling-tool-use-and-tool-result-content-blocks */
function toToolResult(
  m: Extract<Message, { role: "tool" }>,
  i: number,
  ctx: CodecContext,
  provider: string,
): AnthropicToolResultBlock {
  const content: Array<AnthropicTextBlock | AnthropicImageBlock> = [];
  for (const p of m.content) {
    if (p.type === "text") {
      if (p.text) content.push(textBlock(p));
    } else if (p.type === "image") content.push(toImage(p, ctx, provider));
    else
      unsupported(
        ctx,
        provider,
        `messages[${i}].content`,
        `a tool result holds text and images, not ${p.type}`,
      );
  }
  return {
    type: "tool_result",
    tool_use_id: m.tool_call_id,
    ...(content.length ? { content } : {}),
    ...(m.is_error ? { is_error: true } : {}),
  };
}

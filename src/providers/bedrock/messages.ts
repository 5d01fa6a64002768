/**
 * Canonical messages → Converse `system` and `messages`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html).
 */
import type { ContentPart, Message, ToolCall } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { type EncodeScope, refuse } from "./scope.js";
import type {
  BedrockCachePoint,
  BedrockContentBlock,
  BedrockImageBlock,
  BedrockMessage,
  BedrockSystemBlock,
  BedrockToolResultContent,
} from "./wire.js";

/**
 * A text part's `cache_control` → a cache point after it
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CachePointBlock.html). The
 * point takes Anthropic's extended `ttl` as Bedrock spells it (`5m`, `1h`); another value is left
 * out with a warning (the default, five minutes, applies).
 */
function toCachePoint(cacheControl: unknown, scope: EncodeScope): BedrockCachePoint {
  const ttl = (cacheControl as { ttl?: unknown } | null)?.ttl;
  if (ttl === "5m" || ttl === "1h") return { cachePoint: { type: "default", ttl } };
  if (ttl !== undefined)
    scope.ctx.warn(
      `bedrock: cache_control.ttl ${JSON.stringify(ttl)} is not one of 5m, 1h; the default applies`,
    );
  return { cachePoint: { type: "default" } };
}

/** System and developer messages, in order, as system blocks. */
export function toBedrockSystem(messages: Message[], scope: EncodeScope): BedrockSystemBlock[] {
  const out: BedrockSystemBlock[] = [];
  for (const m of messages) {
    if (m.role !== "system" && m.role !== "developer") continue;
    for (const part of m.content) {
      if (part.type !== "text") {
        refuse(
          scope,
          "messages.system.content",
          `Converse system prompts take text only, not '${part.type}'`,
        );
        continue;
      }
      if (!part.text) continue;
      out.push({ text: part.text });
      if (part.cache_control) out.push(toCachePoint(part.cache_control, scope));
    }
  }
  return out;
}

/**
 * The conversation. Tool results become `toolResult` blocks in a user message, and consecutive
 * messages of the same role are merged, because Converse requires user/assistant alternation
 * (fixture requests/chat-tool-result.json).
 */
export function toBedrockMessages(messages: Message[], scope: EncodeScope): BedrockMessage[] {
  const out: BedrockMessage[] = [];
  for (const m of messages) {
    if (m.role === "system" || m.role === "developer") continue;
    let role: BedrockMessage["role"];
    let content: BedrockContentBlock[];
    if (m.role === "tool") {
      role = "user";
      content = [toToolResult(m.tool_call_id, m.content, m.is_error, scope)];
    } else {
      role = m.role;
      content = toBlocks(m.content, scope);
      if (m.role === "assistant") for (const call of m.tool_calls ?? []) content.push(toToolUse(call));
    }
    if (content.length === 0) continue;
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  }
  return out;
}

/** The tool names used in the history (toolUse blocks need a toolConfig naming them). */
export function historyToolNames(messages: Message[]): string[] {
  const names = new Set<string>();
  for (const m of messages) if (m.role === "assistant") for (const c of m.tool_calls ?? []) names.add(c.name);
  return [...names];
}

/** True when the history holds tool calls or tool results. */
export function historyUsesTools(messages: Message[]): boolean {
  return messages.some(
    (m) => m.role === "tool" || (m.role === "assistant" && (m.tool_calls?.length ?? 0) > 0),
  );
}

function toBlocks(parts: ContentPart[], scope: EncodeScope): BedrockContentBlock[] {
  const out: BedrockContentBlock[] = [];
  for (const part of parts) {
    switch (part.type) {
      case "text":
        // Converse rejects blank text blocks ("The text field in the ContentBlock object is blank").
        if (part.text) out.push({ text: part.text });
        if (part.cache_control) out.push(toCachePoint(part.cache_control, scope));
        break;
      case "image": {
        const image = toImage(part, scope);
        if (image) out.push({ image });
        break;
      }
      case "thinking":
        out.push({
          reasoningContent: part.redacted
            ? { redactedContent: part.text }
            : {
                reasoningText: { text: part.text, ...(part.signature ? { signature: part.signature } : {}) },
              },
        });
        break;
      default:
        refuse(scope, `messages.content.${part.type}`, `Converse does not take '${part.type}' content parts`);
    }
  }
  return out;
}

function toToolUse(call: ToolCall): BedrockContentBlock {
  let input: unknown = {};
  if (call.arguments.trim()) {
    try {
      input = JSON.parse(call.arguments);
    } catch {
      throw GatewayError.invalid(
        `The arguments of tool call '${call.id}' are not valid JSON; Bedrock needs them as a JSON object.`,
        "messages.tool_calls.arguments",
      );
    }
  }
  return { toolUse: { toolUseId: call.id, name: call.name, input } };
}

function toToolResult(
  id: string,
  parts: ContentPart[],
  isError: boolean | undefined,
  scope: EncodeScope,
): BedrockContentBlock {
  const content: BedrockToolResultContent[] = [];
  for (const part of parts) {
    if (part.type === "text") content.push({ text: part.text });
    else if (part.type === "image") {
      const image = toImage(part, scope);
      if (image) content.push({ image });
    } else
      refuse(scope, `messages.tool.content.${part.type}`, `Converse tool results take text and images only`);
  }
  let status: "error" | undefined;
  if (isError) {
    // `status` is accepted by Anthropic models only (ToolResultBlock docs).
    if (scope.family === "anthropic") status = "error";
    else
      refuse(scope, "messages.tool.is_error", "only Anthropic models on Bedrock take a tool result status");
  }
  return { toolResult: { toolUseId: id, content, ...(status ? { status } : {}) } };
}

const FORMATS: Record<string, BedrockImageBlock["format"]> = {
  png: "png",
  jpeg: "jpeg",
  jpg: "jpeg",
  gif: "gif",
  webp: "webp",
};

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html: bytes or S3, no URLs. */
function toImage(
  part: Extract<ContentPart, { type: "image" }>,
  scope: EncodeScope,
): BedrockImageBlock | undefined {
  const src = part.source;
  if (src.kind === "base64")
    return withFormat(src.media_type.replace(/^image\//, ""), { bytes: src.data }, scope);
  const data = /^data:image\/([a-z]+);base64,(.*)$/is.exec(src.url);
  if (data) return withFormat(data[1]!.toLowerCase(), { bytes: data[2]! }, scope);
  if (src.url.startsWith("s3://")) {
    const ext = /\.([a-z]+)$/i.exec(src.url)?.[1]?.toLowerCase() ?? "";
    return withFormat(ext, { s3Location: { uri: src.url } }, scope);
  }
  refuse(
    scope,
    "messages.content.image_url",
    "Converse takes image bytes or s3:// locations, not http(s) URLs",
  );
  return undefined;
}

function withFormat(
  format: string,
  source: BedrockImageBlock["source"],
  scope: EncodeScope,
): BedrockImageBlock | undefined {
  const f = FORMATS[format];
  if (f) return { format: f, source };
  refuse(scope, "messages.content.image", `image format '${format}' is not one of png, jpeg, gif, webp`);
  return undefined;
}

/**
 * Anthropic `system` + `messages` → canonical messages
 * (https://docs.anthropic.com/en/api/messages#body-messages).
 */
import type { ContentPart, Message, ToolCall } from "../../canonical/chat.js";
import type { Carry } from "./carry.js";
import { toContentPart } from "./parse-content.js";
import type { AnthropicMessageParam, AnthropicMessagesRequest } from "./request-schema.js";
import { invalidAt } from "./validate.js";

type Path = readonly PropertyKey[];
type Blocks = Exclude<AnthropicMessageParam["content"], string>;
type Block = Blocks[number];

/** The top-level `system` prompt (string or text blocks, `cache_control` kept) → a system message. */
export function toSystemMessage(
  system: AnthropicMessagesRequest["system"],
  carry: Carry,
): Message | undefined {
  if (system === undefined) return undefined;
  if (typeof system === "string") return { role: "system", content: [{ type: "text", text: system }] };
  const content = system.flatMap((b, i) => toContentPart(b, ["system", i], carry) ?? []);
  return { role: "system", content };
}

/** Every message, in order; one user message may become several canonical messages. */
export function toCanonicalMessages(messages: AnthropicMessageParam[], carry: Carry): Message[] {
  return messages.flatMap((m, i) => {
    const path = ["messages", i] as const;
    carry.leftover(path, m, ["role", "content"]);
    const blocks: Blocks = typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content;
    if (m.role === "assistant") return [toAssistant(blocks, path, carry)];
    if (m.role === "system") return [{ role: "system", content: toParts(blocks, path, carry, "system") }];
    return toUser(blocks, path, carry);
  });
}

/** One block of a `role` message → its canonical part(s); refuses blocks the role may not hold. */
function partsAt(b: Block, at: Path, carry: Carry, role: string): ContentPart[] {
  const thinking = b.type === "thinking" || b.type === "redacted_thinking";
  if (b.type === "tool_use" || b.type === "tool_result" || (role !== "assistant" && thinking)) {
    throw invalidAt([...at, "type"], `'${b.type}' blocks are not allowed in ${role} messages.`);
  }
  const part = toContentPart(b, at, carry);
  return part ? [part] : [];
}

function toParts(blocks: Blocks, path: Path, carry: Carry, role: string): ContentPart[] {
  return blocks.flatMap((b, j) => partsAt(b, [...path, "content", j], carry, role));
}

/** Assistant blocks: thinking and text stay content; `tool_use` becomes `tool_calls`. */
function toAssistant(blocks: Blocks, path: Path, carry: Carry): Message {
  const calls: ToolCall[] = [];
  const content: ContentPart[] = [];
  for (const [j, b] of blocks.entries()) {
    const at = [...path, "content", j];
    if (b.type !== "tool_use") {
      content.push(...partsAt(b, at, carry, "assistant"));
      continue;
    }
    carry.leftover(at, b, ["type", "id", "name", "input"]);
    calls.push({ id: b.id, name: b.name, arguments: JSON.stringify(b.input) });
  }
  return { role: "assistant", content, ...(calls.length ? { tool_calls: calls } : {}) };
}

/**
 * A user message: each `tool_result` becomes a canonical `tool` message; the other blocks (text,
 * images, documents) follow as one user message, after the tool messages, since a canonical tool
 * result must directly follow the assistant turn that called it.
 */
function toUser(blocks: Blocks, path: Path, carry: Carry): Message[] {
  const tools: Message[] = [];
  const parts: ContentPart[] = [];
  for (const [j, b] of blocks.entries()) {
    const at = [...path, "content", j];
    if (b.type === "tool_result") {
      tools.push(toToolMessage(b, at, carry));
      continue;
    }
    parts.push(...partsAt(b, at, carry, "user"));
  }
  if (tools.length > 0 && parts.length === 0) return tools;
  return [...tools, { role: "user", content: parts }];
}

function toToolMessage(b: Extract<Block, { type: "tool_result" }>, at: Path, carry: Carry): Message {
  carry.leftover(at, b, ["type", "tool_use_id", "content", "is_error"]);
  let content: ContentPart[];
  if (b.content === undefined) content = [];
  else if (typeof b.content === "string") content = [{ type: "text", text: b.content }];
  else content = b.content.flatMap((c, k) => toContentPart(c, [...at, "content", k], carry) ?? []);
  return { role: "tool", tool_call_id: b.tool_use_id, content, ...(b.is_error ? { is_error: true } : {}) };
}

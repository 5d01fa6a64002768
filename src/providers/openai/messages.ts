/**
 * Canonical messages → OpenAI `messages`
 * (https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages).
 */
import type { ContentPart, Message } from "../../canonical/index.js";
import type { CodecContext } from "../types.js";
import type { OpenAIProfile } from "./profile.js";
import { moveToolImages } from "./tool-images.js";
import type { OpenAIContentPart, OpenAIMessage } from "./wire.js";

interface Notes {
  thinking: boolean;
  cacheControl: boolean;
  toolError: boolean;
}

/** Encodes the conversation; lossy steps (thinking, cache hints, tool error flags) warn once each. */
export function toOpenAIMessages(
  messages: Message[],
  ctx: CodecContext,
  profile: OpenAIProfile,
): OpenAIMessage[] {
  const notes: Notes = { thinking: false, cacheControl: false, toolError: false };
  const moved = moveToolImages(messages);
  if (moved.moved)
    ctx.warn(
      `${profile.label} takes only text in tool messages; their images went to a user message after them`,
    );
  const out = moved.messages.map((m) => toOpenAIMessage(m, notes, profile));
  if (notes.thinking)
    ctx.warn(`thinking content in the conversation history is not sent to ${profile.label}`);
  if (notes.cacheControl) ctx.warn(`cache_control hints are ignored by ${profile.label}`);
  if (notes.toolError) ctx.warn(`${profile.label} has no tool error flag; is_error was dropped`);
  return out;
}

function toOpenAIMessage(m: Message, notes: Notes, profile: OpenAIProfile): OpenAIMessage {
  const mapId = profile.toolCallId ?? ((id: string) => id);
  switch (m.role) {
    case "system":
    case "developer": {
      const role = m.role === "developer" && !profile.developerRole ? "system" : m.role;
      return { role, content: toContent(m.content, notes), ...(m.name ? { name: m.name } : {}) };
    }
    case "user":
      return { role: "user", content: toContent(m.content, notes), ...(m.name ? { name: m.name } : {}) };
    case "assistant": {
      const parts = m.content.filter((p) => keep(p, notes));
      const tools = m.tool_calls?.map((c) => ({
        id: mapId(c.id),
        type: "function" as const,
        function: { name: c.name, arguments: c.arguments },
      }));
      return {
        role: "assistant",
        // why: OpenAI wants `content: null` beside tool calls (fixture requests/chat-tool-result.json).
        content: parts.length ? toContent(parts, notes) : null,
        ...(tools?.length ? { tool_calls: tools } : {}),
        ...(m.name ? { name: m.name } : {}),
        ...(m.refusal ? { refusal: m.refusal } : {}),
      };
    }
    case "tool":
      if (m.is_error) notes.toolError = true;
      return { role: "tool", tool_call_id: mapId(m.tool_call_id), content: toContent(m.content, notes) };
  }
}

/** Drops parts OpenAI cannot take back (thinking), noting it. */
function keep(p: ContentPart, notes: Notes): boolean {
  if (p.type !== "thinking") return true;
  notes.thinking = true;
  return false;
}

/** A single text part becomes a plain string (what every compatible server accepts). */
function toContent(content: ContentPart[], notes: Notes): string | OpenAIContentPart[] {
  const parts = content.filter((p) => keep(p, notes));
  for (const p of parts) if (p.type === "text" && p.cache_control !== undefined) notes.cacheControl = true;
  const only = parts[0];
  if (parts.length === 1 && only?.type === "text") return only.text;
  if (parts.length === 0) return "";
  return parts.map(toPart).filter((p): p is OpenAIContentPart => p !== undefined);
}

function toPart(p: ContentPart): OpenAIContentPart | undefined {
  switch (p.type) {
    case "text":
      return { type: "text", text: p.text };
    case "image": {
      const url =
        p.source.kind === "url" ? p.source.url : `data:${p.source.media_type};base64,${p.source.data}`;
      return { type: "image_url", image_url: { url, ...(p.detail ? { detail: p.detail } : {}) } };
    }
    case "audio":
      return { type: "input_audio", input_audio: { data: p.data, format: p.format } };
    case "file":
      return { type: "file", file: p.file };
    case "thinking":
      return undefined;
  }
}

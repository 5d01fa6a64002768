/**
 * Canonical messages → OpenAI `messages`
 * (https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages).
 */
import type { ContentPart, Message } from "../../canonical/index.js";
import type { CodecContext } from "../types.js";
import type { OpenAIProfile } from "./profile.js";
import { moveToolImages } from "./tool-images.js";
import { refuseOrDrop } from "./unsupported.js";
import type { OpenAIContentPart, OpenAIMessage } from "./wire.js";

interface Notes {
  thinking: boolean;
  cacheControl: boolean;
  toolError: boolean;
  undeclared: Set<string>;
  imageUrl: boolean;
}

/** Encodes the conversation; lossy steps (thinking, cache hints, tool error flags) warn once each. */
export function toOpenAIMessages(
  messages: Message[],
  ctx: CodecContext,
  profile: OpenAIProfile,
  provider = profile.label,
): OpenAIMessage[] {
  const notes: Notes = {
    thinking: false,
    cacheControl: false,
    toolError: false,
    undeclared: new Set(),
    imageUrl: false,
  };
  const moved = moveToolImages(messages);
  if (moved.moved)
    ctx.warn(
      `${profile.label} takes only text in tool messages; their images went to a user message after them`,
    );
  const out = moved.messages.map((m) => toOpenAIMessage(m, notes, profile));
  // why: Ollama takes base64 images only and answers a URL with "invalid image input"
  // (fixture openai-compatible fidelity/ollama-unsupported.json); say so before it does.
  if (notes.imageUrl) {
    refuseOrDrop(ctx, provider, "messages.content.image_url", `${profile.label} takes only base64 data URLs`);
  }
  if (notes.thinking)
    ctx.warn(`thinking content in the conversation history is not sent to ${profile.label}`);
  if (notes.cacheControl) ctx.warn(`cache_control hints are ignored by ${profile.label}`);
  if (notes.toolError) ctx.warn(`${profile.label} has no tool error flag; is_error was dropped`);
  if (notes.undeclared.size)
    ctx.warn(`${profile.label} does not take message fields ${[...notes.undeclared].join(", ")}; dropped`);
  return out;
}

function toOpenAIMessage(m: Message, notes: Notes, profile: OpenAIProfile): OpenAIMessage {
  const mapId = profile.toolCallId ?? ((id: string) => id);
  switch (m.role) {
    case "system":
    case "developer": {
      const role = m.role === "developer" && !profile.developerRole ? "system" : m.role;
      return {
        role,
        content: toContent(m.content, notes, profile),
        ...field("name", m.name, profile, notes),
      };
    }
    case "user":
      return {
        role: "user",
        content: toContent(m.content, notes, profile),
        ...field("name", m.name, profile, notes),
      };
    case "assistant": {
      const replay = profile.reasoningReplayField;
      const parts = replay
        ? m.content.filter((p) => p.type !== "thinking")
        : m.content.filter((p) => keep(p, notes));
      const tools = m.tool_calls?.map((c) => ({
        id: mapId(c.id),
        type: "function" as const,
        function: { name: c.name, arguments: c.arguments },
      }));
      return {
        role: "assistant",
        // why: OpenAI wants `content: null` beside tool calls (fixture requests/chat-tool-result.json).
        content: parts.length ? toContent(parts, notes, profile) : null,
        ...(tools?.length ? { tool_calls: tools } : {}),
        ...(replay ? reasoningReplay(replay, m.content, Boolean(tools?.length)) : {}),
        ...field("name", m.name, profile, notes),
        ...field("refusal", m.refusal ?? undefined, profile, notes),
      };
    }
    case "tool":
      if (m.is_error) notes.toolError = true;
      return {
        role: "tool",
        tool_call_id: mapId(m.tool_call_id),
        content: toContent(m.content, notes, profile),
      };
  }
}

/**
 * An assistant turn's thinking, sent back in the profile's field. A turn with tool calls always
 * carries the field, empty when the client kept no reasoning: DeepSeek's thinking mode refuses a
 * tool-call turn without it ("The reasoning_content in the thinking mode must be passed back").
 */
function reasoningReplay(
  field: "reasoning_content",
  content: ContentPart[],
  hasTools: boolean,
): Record<string, string> {
  const text = content.map((p) => (p.type === "thinking" && !p.redacted ? p.text : "")).join("");
  return text || hasTools ? { [field]: text } : {};
}

/** `{[key]: value}` when set and the API declares the field; else nothing (noting the drop). */
function field<K extends "name" | "refusal">(
  key: K,
  value: string | undefined,
  profile: OpenAIProfile,
  notes: Notes,
): { [k in K]?: string } {
  if (!value) return {};
  if (profile.declaredMessageFieldsOnly) {
    notes.undeclared.add(key);
    return {};
  }
  return { [key]: value } as { [k in K]?: string };
}

/** Drops an image given by URL where only data URLs are taken, noting it (the caller refuses or warns). */
function keepImage(p: ContentPart, notes: Notes, profile: OpenAIProfile): boolean {
  if (p.type !== "image" || p.source.kind !== "url" || !profile.dataUrlImagesOnly) return true;
  notes.imageUrl = true;
  return false;
}

/** Drops parts OpenAI cannot take back (thinking), noting it. */
function keep(p: ContentPart, notes: Notes): boolean {
  if (p.type !== "thinking") return true;
  notes.thinking = true;
  return false;
}

/** A single text part becomes a plain string (what every compatible server accepts). */
function toContent(
  content: ContentPart[],
  notes: Notes,
  profile: OpenAIProfile,
): string | OpenAIContentPart[] {
  const parts = content.filter((p) => keep(p, notes) && keepImage(p, notes, profile));
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

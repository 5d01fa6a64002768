/**
 * Canonical messages → Cohere v2 `messages` (https://docs.cohere.com/reference/chat, request body
 * `messages`; tool results: https://docs.cohere.com/docs/tool-use-overview).
 */
import type { ContentPart, Message, ToolCall } from "../../canonical/chat.js";
import type { CodecContext } from "../types.js";
import { dropOrThrow } from "./unsupported.js";
import type {
  CohereDocumentContent,
  CohereImageContent,
  CohereMessage,
  CohereTextContent,
  CohereThinkingContent,
} from "./wire.js";

type Ctx = { ctx: CodecContext; provider: string };

/** Converts every message, in order. */
export function toCohereMessages(messages: Message[], c: Ctx): CohereMessage[] {
  return messages.map((m, i) => toCohereMessage(m, i, c));
}

function toCohereMessage(m: Message, i: number, c: Ctx): CohereMessage {
  if ("name" in m && m.name !== undefined) {
    c.ctx.warn(`${c.provider}: messages[${i}].name has no Cohere equivalent and was not sent`);
  }
  switch (m.role) {
    case "system":
    case "developer":
      return { role: "system", content: textOnly(m.content, `messages[${i}].content`, c) };
    case "user":
      return { role: "user", content: toUserContent(m.content, i, c) };
    case "assistant":
      return toAssistant(m.content, m.tool_calls, i, c);
    case "tool":
      if (m.is_error) {
        c.ctx.warn(`${c.provider}: messages[${i}].is_error has no Cohere equivalent; sent as a plain result`);
      }
      return { role: "tool", tool_call_id: m.tool_call_id, content: toToolContent(m.content, i, c) };
  }
}

/** System content is text only; the parts are joined (Cohere takes a string). */
function textOnly(parts: ContentPart[], param: string, c: Ctx): string {
  const texts: string[] = [];
  for (const p of parts) {
    if (p.type === "text") texts.push(p.text);
    else dropOrThrow(c.ctx, c.provider, param, `${p.type} parts are not accepted in this role`);
  }
  return texts.join("\n");
}

/**
 * User content: a plain string when it is a single text part, else typed parts. Images go as
 * `image_url` (an http(s) URL or a data URL) for Cohere's vision models.
 */
function toUserContent(
  parts: ContentPart[],
  i: number,
  c: Ctx,
): string | Array<CohereTextContent | CohereImageContent> {
  if (parts.length === 1 && parts[0]?.type === "text") return parts[0].text;
  const out: Array<CohereTextContent | CohereImageContent> = [];
  for (const p of parts) {
    if (p.type === "text") out.push({ type: "text", text: p.text });
    else if (p.type === "image") {
      const url =
        p.source.kind === "url" ? p.source.url : `data:${p.source.media_type};base64,${p.source.data}`;
      out.push({ type: "image_url", image_url: { url, ...(p.detail ? { detail: p.detail } : {}) } });
    } else dropOrThrow(c.ctx, c.provider, `messages[${i}].content`, `${p.type} parts are not supported`);
  }
  return out;
}

/**
 * Assistant turns. With tool calls, the text that came before them is Cohere's `tool_plan` (the
 * decoder maps `tool_plan` back to text, so a round trip keeps it); thinking parts are sent back as
 * `thinking` content, as Cohere's reasoning models expect.
 */
function toAssistant(
  parts: ContentPart[],
  toolCalls: ToolCall[] | undefined,
  i: number,
  c: Ctx,
): CohereMessage {
  const content: Array<CohereTextContent | CohereThinkingContent> = [];
  let text = "";
  for (const p of parts) {
    if (p.type === "thinking") {
      if (!p.redacted) content.push({ type: "thinking", thinking: p.text });
    } else if (p.type === "text") text += p.text;
    else dropOrThrow(c.ctx, c.provider, `messages[${i}].content`, `${p.type} parts are not supported`);
  }
  if (toolCalls?.length) {
    return {
      role: "assistant",
      ...(content.length ? { content } : {}),
      ...(text ? { tool_plan: text } : {}),
      tool_calls: toolCalls.map((t) => ({
        id: t.id,
        type: "function" as const,
        function: { name: t.name, arguments: t.arguments },
      })),
    };
  }
  if (text) content.push({ type: "text", text });
  return { role: "assistant", content };
}

/**
 * Tool results: JSON text goes as a `document` (Cohere's documented form, which the model can
 * cite); other text as a `text` part.
 */
function toToolContent(
  parts: ContentPart[],
  i: number,
  c: Ctx,
): Array<CohereTextContent | CohereDocumentContent> {
  const out: Array<CohereTextContent | CohereDocumentContent> = [];
  for (const p of parts) {
    if (p.type !== "text") {
      dropOrThrow(c.ctx, c.provider, `messages[${i}].content`, `${p.type} parts in tool results`);
      continue;
    }
    out.push(
      isJsonText(p.text) ? { type: "document", document: { data: p.text } } : { type: "text", text: p.text },
    );
  }
  return out;
}

/** A JSON object or array (what a tool returns as structured data). */
function isJsonText(s: string): boolean {
  const t = s.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

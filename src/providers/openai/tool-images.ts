/**
 * OpenAI takes only text in a `role: tool` message
 * (https://platform.openai.com/docs/api-reference/chat/create, "Tool message": content is a string
 * or an array of text parts; an image there is 400 "Invalid value: 'image_url'. Supported values
 * are: 'text'."). Anthropic and Gemini clients do send images as tool results (a screenshot tool),
 * so they move to a user message right after the run of tool messages, where OpenAI reads images.
 */
import type { ContentPart, Message } from "../../canonical/index.js";

type ToolMessage = Extract<Message, { role: "tool" }>;

/** Returns the conversation with non-text tool-result parts moved; `moved` says whether any were. */
export function moveToolImages(messages: Message[]): { messages: Message[]; moved: boolean } {
  const out: Message[] = [];
  let pending: ContentPart[] = [];
  const flush = () => {
    if (pending.length) out.push({ role: "user", content: pending });
    pending = [];
  };
  let moved = false;
  for (const m of messages) {
    if (m.role !== "tool") {
      flush();
      out.push(m);
      continue;
    }
    const other = m.content.filter((p) => p.type !== "text");
    if (other.length === 0) {
      out.push(m);
      continue;
    }
    moved = true;
    const text = m.content.filter((p) => p.type === "text");
    const note = `The result of tool call ${m.tool_call_id} includes ${other.length === 1 ? "an attachment" : `${other.length} attachments`}, in the next message.`;
    const kept: ToolMessage = { ...m, content: [...text, { type: "text", text: note }] };
    out.push(kept);
    pending.push({ type: "text", text: `Attachments of tool call ${m.tool_call_id}:` }, ...other);
  }
  flush();
  return { messages: out, moved };
}

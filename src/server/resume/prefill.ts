/**
 * The request that continues a broken stream: the original messages plus the partial answer as a
 * final assistant message, which a prefill-capable model continues rather than answers
 * (https://docs.anthropic.com/en/docs/build-with-claude/prompt-engineering/prefill-claudes-response).
 */
import type { ChatRequest, ContentPart, Message } from "../../canonical/chat.js";
import { counterFor } from "../../usage/index.js";

export interface Prefill {
  request: ChatRequest;
  /** Whether text went as a prefill (false: nothing but whitespace had been sent; a plain retry). */
  prefilled: boolean;
  /**
   * Whitespace at the end of the partial answer that the prefill leaves out (Anthropic refuses a
   * final assistant message ending in whitespace). The client has it already, so whitespace the
   * continuation starts with is dropped.
   */
  trimmed: boolean;
}

/** `req` continued from `partial` (the text the client has), on a target serving `model`. */
export function prefillRequest(req: ChatRequest, partial: string, model: string): Prefill {
  const text = partial.trimEnd();
  const trimmed = text.length < partial.length;
  if (!text) return { request: req, prefilled: false, trimmed };
  const request: ChatRequest = { ...req, messages: withPrefill(req.messages, text) };
  // why: the client asked for at most max_tokens in all; the continuation gets what is left.
  if (req.max_tokens !== undefined)
    request.max_tokens = Math.max(1, req.max_tokens - counterFor(model).count(text));
  return { request, prefilled: true, trimmed };
}

/**
 * The messages with `text` as the final assistant turn. A client's own prefill (a final assistant
 * message, as Anthropic clients send) is extended, since the partial answer continues it.
 */
function withPrefill(messages: Message[], text: string): Message[] {
  const last = messages.at(-1);
  if (last?.role === "assistant" && !last.tool_calls?.length) {
    const content: ContentPart[] = [...last.content];
    const tail = content.at(-1);
    if (tail?.type === "text") content[content.length - 1] = { type: "text", text: tail.text + text };
    else content.push({ type: "text", text });
    return [...messages.slice(0, -1), { ...last, content }];
  }
  return [...messages, { role: "assistant", content: [{ type: "text", text }] }];
}

/**
 * Usage estimates for requests whose provider reported none (some OpenAI-compatible servers; a
 * client that went away mid-stream). Input is the canonical request's text: every message's text
 * and thinking, the assistant's tool calls (name and arguments), tool results, and the tool
 * definitions as JSON. Images, audio and files are not counted (their token cost depends on the
 * provider), so an estimate for a multimodal request is low. Output is what was generated so far.
 * See docs/usage-and-tokens.md.
 */
import type { ChatRequest, ChatResponse, ContentPart, Message, Usage } from "../canonical/chat.js";
import type { EmbeddingsRequest } from "../canonical/embeddings.js";
import { counterFor } from "./count.js";

/**
 * Tokens the chat format adds per message (role and separators) and to prime the answer, as
 * OpenAI's cookbook counts them for its chat models ("How to count tokens with tiktoken").
 */
export const TOKENS_PER_MESSAGE = 3;
export const REPLY_PRIMING_TOKENS = 3;

function partText(p: ContentPart): string {
  return p.type === "text" || p.type === "thinking" ? p.text : "";
}

/** The text of one message, as it is counted. */
export function messageText(m: Message): string {
  let text = m.content.map(partText).join("");
  if (m.role === "assistant") for (const t of m.tool_calls ?? []) text += t.name + t.arguments;
  return text;
}

/** The tool definitions, as they are counted (their JSON). */
export function toolsText(req: ChatRequest): string {
  if (!req.tools?.length) return "";
  return JSON.stringify(
    req.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
  );
}

/** Estimated input tokens of `req` for `model` (with `count`, when given, as the tokenizer). */
export function estimateInputTokens(
  req: ChatRequest,
  model: string,
  count: (text: string) => number = counterFor(model).count,
): number {
  let n = REPLY_PRIMING_TOKENS + count(toolsText(req));
  for (const m of req.messages) n += TOKENS_PER_MESSAGE + count(messageText(m));
  return n;
}

/** Input tokens of an embeddings request: each text by `model`'s tokenizer, token-id arrays by length. */
export function estimateEmbeddingsTokens(
  req: EmbeddingsRequest,
  model: string,
  count: (text: string) => number = counterFor(model).count,
): number {
  let n = 0;
  for (const input of req.input) n += typeof input === "string" ? count(input) : input.length;
  return n;
}

/**
 * Estimated usage: the request's input (0 when the request is not known) and `output`, the text,
 * thinking and tool-call arguments generated. Marked `source: "estimated"`.
 */
export function estimateUsage(req: ChatRequest | undefined, model: string, output: string): Usage {
  return {
    input_tokens: req ? estimateInputTokens(req, model) : 0,
    output_tokens: counterFor(model).count(output),
    source: "estimated",
  };
}

/** Estimated usage of a whole (non-streamed) canonical response to `req`. */
export function estimateResponseUsage(req: ChatRequest | undefined, model: string, res: ChatResponse): Usage {
  return estimateUsage(req, model, res.choices.map((c) => messageText(c.message)).join(""));
}

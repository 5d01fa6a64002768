/**
 * Claude's signed reasoning for OpenAI-dialect clients. Chat Completions has no field for it, so
 * Tollgate uses the convention OpenAI-compatible gateways already use for Claude (LiteLLM's
 * `thinking_blocks`): `[{type: "thinking", thinking, signature}]` or
 * `[{type: "redacted_thinking", data}]` on the assistant message, beside the `reasoning_content`
 * text. A client that sends the blocks back in its next turn lets Tollgate replay them to
 * Anthropic (`thinking` blocks) and Bedrock (`reasoningContent`), which require them in tool loops.
 */
import type { ContentPart } from "../../canonical/chat.js";
import { asArray, asObject, asString, fail } from "./validate.js";

type Thinking = Extract<ContentPart, { type: "thinking" }>;

/** `messages[i].thinking_blocks` → canonical thinking parts. */
export function parseThinkingBlocks(value: unknown, path: string): Thinking[] {
  return asArray(value, path).map((v, i) => {
    const b = asObject(v, `${path}.${i}`);
    if (b.type === "thinking") {
      return {
        type: "thinking",
        text: asString(b.thinking, `${path}.${i}.thinking`),
        ...(b.signature !== undefined ? { signature: asString(b.signature, `${path}.${i}.signature`) } : {}),
      };
    }
    if (b.type === "redacted_thinking") {
      // A redacted block's opaque data travels in `signature` (as the Anthropic codecs keep it).
      return { type: "thinking", text: "", signature: asString(b.data, `${path}.${i}.data`), redacted: true };
    }
    return fail(`${path}.${i}.type`, "must be 'thinking' or 'redacted_thinking'.");
  });
}

/** Canonical thinking parts → `thinking_blocks`, when any is signed (unsigned ones need no replay). */
export function toThinkingBlocks(parts: ContentPart[]): Array<Record<string, unknown>> | undefined {
  const thinking = parts.filter((p): p is Thinking => p.type === "thinking");
  if (!thinking.some((p) => p.signature)) return undefined;
  return thinking.map((p) =>
    p.redacted
      ? { type: "redacted_thinking", data: p.signature ?? p.text }
      : { type: "thinking", thinking: p.text, ...(p.signature ? { signature: p.signature } : {}) },
  );
}

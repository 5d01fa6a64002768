/**
 * Responses API input items (https://platform.openai.com/docs/api-reference/responses/create#input)
 * → canonical messages. Consecutive `function_call` items (and the assistant message before them)
 * become one assistant turn with tool calls, as Chat Completions and Messages providers expect;
 * `function_call_output` becomes a tool message; `reasoning` becomes a thinking part.
 */
import type { ContentPart, Message, ToolCall } from "../../canonical/chat.js";
import { invalidAt, validate } from "../anthropic/validate.js";
import { contentPartSchema, inputItemSchema, type ResponsesContentPart } from "./request-schema.js";

type Assistant = Extract<Message, { role: "assistant" }>;

/**
 * Item types of OpenAI's built-in tools and server-side state (the OpenAPI document's `Item`
 * members): accepted, so their conversations can pass through to OpenAI, and refused on
 * translation (`refuseTranslation`).
 */
const OPENAI_ONLY_ITEMS = new Set([
  "file_search_call",
  "computer_call",
  "computer_call_output",
  "web_search_call",
  "tool_search_call",
  "tool_search_output",
  "additional_tools",
  "compaction",
  "compaction_trigger",
  "image_generation_call",
  "code_interpreter_call",
  "local_shell_call",
  "local_shell_call_output",
  "shell_call",
  "shell_call_output",
  "apply_patch_call",
  "apply_patch_call_output",
  "mcp_list_tools",
  "mcp_approval_request",
  "mcp_approval_response",
  "mcp_call",
  "custom_tool_call",
  "custom_tool_call_output",
  "program",
  "program_output",
]);

/** Input items → canonical messages, and what only OpenAI's own API can resolve or run. */
export interface ParsedInput {
  messages: Message[];
  /** `item_reference` ids not resolved from the record store. */
  unresolved: string[];
  /** Item types of built-in tools (`web_search_call`, …). */
  openaiOnly: string[];
}

/** The items of `input` (validated one by one, so errors name `input.3.content.0.type`). */
export function toCanonicalMessages(input: string | unknown[]): ParsedInput {
  const parsed: ParsedInput = { messages: [], unresolved: [], openaiOnly: [] };
  if (typeof input === "string") {
    parsed.messages.push({ role: "user", content: [{ type: "text", text: input }] });
    return parsed;
  }
  const out = parsed.messages;
  for (const [i, raw] of input.entries()) {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type === "string" && OPENAI_ONLY_ITEMS.has(type)) {
      parsed.openaiOnly.push(type);
      continue;
    }
    const item = validate(inputItemSchema, raw, ["input", i]);
    if (!("type" in item) || item.type === undefined || item.type === "message") {
      const m = item as { role: Message["role"]; content: string | ResponsesContentPart[] };
      const content = toParts(m.content, ["input", i, "content"]);
      if (m.role === "assistant") out.push({ role: "assistant", content });
      else out.push({ role: m.role as "user" | "system" | "developer", content });
      continue;
    }
    switch (item.type) {
      case "function_call": {
        const call: ToolCall = { id: item.call_id, name: item.name, arguments: item.arguments };
        const turn = openAssistant(out);
        turn.tool_calls = [...(turn.tool_calls ?? []), call];
        break;
      }
      case "function_call_output":
        out.push({
          role: "tool",
          tool_call_id: item.call_id,
          content: toParts(item.output, ["input", i, "output"]),
        });
        break;
      case "reasoning": {
        const text = item.summary.map((s) => s.text).join("\n\n");
        // why: a reasoning item starts the assistant turn its tool calls and text belong to.
        // `encrypted_content` is where this dialect puts a thinking block's signature (Anthropic,
        // Bedrock, Gemini need it back in tool loops); an OpenAI one is opaque and rides along.
        const sig = item.encrypted_content ?? undefined;
        const keep = text || sig;
        out.push({
          role: "assistant",
          content: keep ? [{ type: "thinking", text, ...(sig ? { signature: sig } : {}) }] : [],
        });
        break;
      }
      case "item_reference":
        // Resolved against the record store before parsing (src/server/responses/); one left
        // here was not stored by this gateway (only OpenAI itself may know it).
        parsed.unresolved.push(item.id);
        break;
    }
  }
  return parsed;
}

/** The last message when it is an assistant turn without tool results after it; else a new one. */
function openAssistant(out: Message[]): Assistant {
  const last = out.at(-1);
  if (last?.role === "assistant") return last;
  const turn: Assistant = { role: "assistant", content: [] };
  out.push(turn);
  return turn;
}

/** A message's (or a tool output's) content → canonical parts. */
function toParts(content: string | unknown[], path: (string | number)[]): ContentPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((raw, j) => toPart(validate(contentPartSchema, raw, [...path, j]), [...path, j]));
}

function toPart(p: ResponsesContentPart, path: (string | number)[]): ContentPart {
  switch (p.type) {
    case "input_text":
    case "output_text":
      return { type: "text", text: p.text };
    case "refusal":
      return { type: "text", text: p.refusal };
    case "input_image":
      return toImage(p.image_url, p.detail ?? undefined, path);
    case "input_file": {
      const { type: _, ...file } = p;
      return { type: "file", file };
    }
  }
}

const DATA_URL = /^data:([\w/+.-]+);base64,(.*)$/s;

function toImage(
  url: string | null | undefined,
  detail: "auto" | "low" | "high" | undefined,
  path: (string | number)[],
): ContentPart {
  if (!url)
    throw invalidAt(
      [...path, "image_url"],
      "Tollgate needs 'image_url' (a URL or a data URL); 'file_id' refers to OpenAI's file store.",
    );
  const d = DATA_URL.exec(url);
  const source = d
    ? { kind: "base64" as const, media_type: d[1] as string, data: d[2] as string }
    : { kind: "url" as const, url };
  return { type: "image", source, ...(detail ? { detail } : {}) };
}

/**
 * Reads an OpenAI-shaped chat request (OpenAI, Azure, Mistral, compatible servers) into the facts
 * the answer plan needs, refusing what the real APIs refuse.
 */
import { approxTokens } from "../plan.js";
import { type ChatView, EmulatorBadRequest } from "../types.js";
import type { ReasoningMode } from "./compatible.js";

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Text of a message's content (a string or a list of parts). */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((p) => (isObj(p) && p.type === "text" && typeof p.text === "string" ? p.text : ""))
    .join("");
}

/** The plan's view plus what the stream renderer needs. */
export interface OpenAIChatView extends ChatView {
  /** `stream_options.include_usage` was asked for. */
  includeUsage: boolean;
  /** How the answer carries reasoning (compatible servers only). */
  reasoningMode?: ReasoningMode;
}

/** Builds the plan's view; `model` is the body's model or the Azure deployment. */
export function openaiChatView(body: unknown, model: string | undefined): OpenAIChatView {
  if (!isObj(body)) throw new EmulatorBadRequest("The request body must be a JSON object.");
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new EmulatorBadRequest("[] is too short - 'messages'");
  }
  const name = model ?? (typeof body.model === "string" ? body.model : undefined);
  if (!name) throw new EmulatorBadRequest("you must provide a model parameter");
  if (body.stream_options !== undefined && body.stream !== true) {
    throw new EmulatorBadRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  }
  let chars = 0;
  let lastUserText = "";
  for (const m of messages) {
    if (!isObj(m) || typeof m.role !== "string")
      throw new EmulatorBadRequest("Invalid message in 'messages'.");
    if (m.role === "tool") checkToolContent(m.content);
    const text = textOf(m.content);
    chars += text.length;
    if (m.role === "user") lastUserText = text;
  }
  const last = messages[messages.length - 1] as Json;
  const tools = Array.isArray(body.tools)
    ? body.tools.map((t) => (isObj(t) && isObj(t.function) ? String(t.function.name) : ""))
    : [];
  const rf = isObj(body.response_format) ? body.response_format.type : undefined;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const stop =
    typeof body.stop === "string"
      ? [body.stop]
      : Array.isArray(body.stop)
        ? body.stop.map(String)
        : undefined;
  return {
    lastRole: String(last.role),
    lastUserText,
    tools,
    ...toolChoiceOf(body.tool_choice),
    ...(typeof maxTokens === "number" ? { maxTokens } : {}),
    ...(stop ? { stop } : {}),
    json: rf === "json_object" || rf === "json_schema",
    inputTokens: approxTokens("x".repeat(Math.max(1, chars))),
    model: name,
    stream: body.stream === true,
    includeUsage: isObj(body.stream_options) && body.stream_options.include_usage === true,
  };
}

/**
 * A tool message holds text only (API reference, "Tool message": string or array of text parts);
 * the API names the first other part the way it names any bad enum value.
 */
function checkToolContent(content: unknown): void {
  if (!Array.isArray(content)) return;
  for (const p of content) {
    const type = isObj(p) ? p.type : undefined;
    if (type !== "text") {
      throw new EmulatorBadRequest(`Invalid value: '${String(type)}'. Supported values are: 'text'.`);
    }
  }
}

function toolChoiceOf(choice: unknown): { toolChoice?: string } {
  if (typeof choice === "string") return { toolChoice: choice === "any" ? "required" : choice };
  if (isObj(choice) && isObj(choice.function)) return { toolChoice: String(choice.function.name) };
  return {};
}

/** A deterministic small vector for a text (no real model behind it). */
export function fakeEmbedding(text: string, dims: number): number[] {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < dims; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    out.push(Math.round(((h / 2 ** 32) * 2 - 1) * 1e6) / 1e6);
  }
  return out;
}

/** The inputs of an embeddings body, as strings. */
export function embeddingInputs(body: unknown): string[] {
  const input = isObj(body) ? body.input : undefined;
  if (typeof input === "string") return [input];
  if (Array.isArray(input) && input.length > 0)
    return input.map((i) => (typeof i === "string" ? i : JSON.stringify(i)));
  return [""];
}

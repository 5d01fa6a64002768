/**
 * Usage estimates for the same-dialect passthrough path, which forwards the provider's bytes
 * without decoding them. The raw event texts are kept by reference (no parsing, no tokenizing per
 * event) and only read, once, when the stream ended without usage. Past `RETAIN_LIMIT` characters
 * the kept events are folded into their generated text and later events are read as they come,
 * so a long stream never holds more than that much raw text.
 *
 * What counts as generated: OpenAI chunks' `delta.content`, `delta.reasoning_content` (DeepSeek,
 * vLLM), `delta.refusal` and tool-call names and arguments
 * (https://platform.openai.com/docs/api-reference/chat-streaming); Anthropic `content_block_delta`
 * text, thinking and `input_json_delta`, and `tool_use` names
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming).
 */
import type { ChatRequest, Usage } from "../canonical/chat.js";
import { estimateUsage } from "./estimate.js";
import { GeneratedText } from "./generated-text.js";

export const RETAIN_LIMIT = 256 * 1024;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function fromOpenAIMessage(m: unknown, out: GeneratedText): void {
  if (!isObj(m)) return;
  out.add(str(m.content));
  out.add(str(m.reasoning_content));
  out.add(str(m.refusal));
  for (const t of Array.isArray(m.tool_calls) ? m.tool_calls : []) {
    if (!isObj(t) || !isObj(t.function)) continue;
    out.add(str(t.function.name));
    out.add(str(t.function.arguments));
  }
}

function fromAnthropicBlock(b: unknown, out: GeneratedText): void {
  if (!isObj(b)) return;
  out.add(str(b.text));
  out.add(str(b.thinking));
  out.add(str(b.partial_json));
  if (b.type === "tool_use") {
    out.add(str(b.name));
    if (b.input !== undefined && b.partial_json === undefined) {
      const input = JSON.stringify(b.input);
      // A streamed tool_use starts with `input: {}`; its arguments come as input_json_delta.
      if (input !== "{}") out.add(input);
    }
  }
}

/** Responses API: text, reasoning-summary and argument deltas, or a whole response's output items. */
function fromResponsesEvent(obj: Json, out: GeneratedText): void {
  if (typeof obj.type === "string" && obj.type.endsWith(".delta")) {
    out.add(str(obj.delta));
    return;
  }
  if (obj.object !== "response" || !Array.isArray(obj.output)) return;
  for (const item of obj.output) {
    if (!isObj(item)) continue;
    out.add(str(item.name));
    out.add(str(item.arguments));
    for (const c of Array.isArray(item.content) ? item.content : []) if (isObj(c)) out.add(str(c.text));
    for (const s of Array.isArray(item.summary) ? item.summary : []) if (isObj(s)) out.add(str(s.text));
  }
}

/** Adds the generated text of one parsed wire object: a stream event, or a whole response. */
export function addGenerated(dialect: string, obj: unknown, out: GeneratedText): void {
  if (!isObj(obj)) return;
  if (dialect === "openai") {
    for (const c of Array.isArray(obj.choices) ? obj.choices : []) {
      if (isObj(c)) fromOpenAIMessage(c.delta ?? c.message, out);
    }
    return;
  }
  if (dialect === "responses") {
    fromResponsesEvent(obj, out);
    return;
  }
  if (obj.type === "content_block_delta") fromAnthropicBlock(obj.delta, out);
  else if (obj.type === "content_block_start") fromAnthropicBlock(obj.content_block, out);
  else if (obj.type === "message" && Array.isArray(obj.content)) {
    for (const b of obj.content) fromAnthropicBlock(b, out);
  }
}

/** Keeps a passthrough stream's events until the end, then estimates usage from them. */
export class PassthroughMeter {
  private readonly kept: string[] = [];
  private keptChars = 0;
  private readonly generated = new GeneratedText();

  constructor(private readonly dialect: string) {}

  /** One event's data, as it went to the client. */
  add(data: string): void {
    if (this.keptChars + data.length <= RETAIN_LIMIT) {
      this.kept.push(data);
      this.keptChars += data.length;
      return;
    }
    this.fold();
    addGenerated(this.dialect, parse(data), this.generated);
  }

  /** Estimated usage for `req`, from what the events generated. */
  estimate(req: ChatRequest, model: string): Usage {
    this.fold();
    return estimateUsage(req, model, this.generated.text());
  }

  private fold(): void {
    for (const data of this.kept.splice(0)) addGenerated(this.dialect, parse(data), this.generated);
    this.keptChars = 0;
  }
}

/** Estimated usage of a whole (non-streamed) same-dialect response body. */
export function estimateFromBody(dialect: string, body: string, req: ChatRequest, model: string): Usage {
  const generated = new GeneratedText();
  addGenerated(dialect, parse(body), generated);
  return estimateUsage(req, model, generated.text());
}

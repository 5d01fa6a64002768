import type { ChatResponse, Choice, ContentPart, Logprobs, ToolCall, Usage } from "./chat.js";
import type { ChatChunk } from "./chunk.js";
import { GatewayError } from "./errors.js";

interface ChoiceState {
  text: string;
  thinking: string;
  signature?: string;
  tools: ToolCall[];
  finish?: Extract<ChatChunk, { type: "finish" }>;
  logprobs?: Logprobs;
}

/**
 * Folds a chunk stream into one response: what a non-streamed answer is when a provider has no
 * cheaper JSON path, and what the log phase records. Throws the stream's error event, if any.
 */
export async function collectChunks(chunks: AsyncIterable<ChatChunk>): Promise<ChatResponse> {
  const choices = new Map<number, ChoiceState>();
  const state = (i: number): ChoiceState => {
    let s = choices.get(i);
    if (!s) {
      s = { text: "", thinking: "", tools: [] };
      choices.set(i, s);
    }
    return s;
  };
  let head = { id: "", model: "", created: 0 };
  let usage: Usage | undefined;
  for await (const c of chunks) {
    switch (c.type) {
      case "start":
        head = { id: c.id, model: c.model, created: c.created };
        break;
      case "text-delta":
        state(c.choice).text += c.text;
        break;
      case "thinking-delta": {
        const s = state(c.choice);
        s.thinking += c.text;
        if (c.signature) s.signature = c.signature;
        break;
      }
      case "tool-call-start":
        state(c.choice).tools[c.index] = {
          id: c.id,
          name: c.name,
          arguments: "",
          ...(c.signature ? { signature: c.signature } : {}),
        };
        break;
      case "tool-call-delta": {
        const call = state(c.choice).tools[c.index];
        if (call) call.arguments += c.arguments;
        break;
      }
      case "logprobs": {
        const s = state(c.choice);
        s.logprobs = s.logprobs ? joinLogprobs(s.logprobs, c.logprobs) : c.logprobs;
        break;
      }
      case "finish":
        state(c.choice).finish = c;
        break;
      case "usage":
        usage = c.usage;
        break;
      case "error":
        throw c.error instanceof GatewayError ? c.error : new Error(String(c.error));
    }
  }
  if (choices.size === 0) state(0);
  const out: Choice[] = [...choices.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, s]) => toChoice(index, s));
  const stop = [...choices.values()].find((s) => s.finish?.stop_sequence !== undefined)?.finish
    ?.stop_sequence;
  return {
    ...head,
    choices: out,
    ...(usage ? { usage } : {}),
    ...(stop !== undefined ? { stop_sequence: stop } : {}),
  };
}

/** Each stream chunk carries the log probabilities of its own tokens; the answer has them all. */
function joinLogprobs(a: Logprobs, b: Logprobs): Logprobs {
  const join = (x?: Logprobs["content"], y?: Logprobs["content"]) =>
    x || y ? [...(x ?? []), ...(y ?? [])] : null;
  const out: Logprobs = { content: join(a.content, b.content) };
  if (a.refusal !== undefined || b.refusal !== undefined) out.refusal = join(a.refusal, b.refusal);
  return out;
}

function toChoice(index: number, s: ChoiceState): Choice {
  const content: ContentPart[] = [];
  if (s.thinking || s.signature) {
    content.push({ type: "thinking", text: s.thinking, ...(s.signature ? { signature: s.signature } : {}) });
  }
  if (s.text) content.push({ type: "text", text: s.text });
  const tools = s.tools.filter(Boolean);
  return {
    index,
    message: { role: "assistant", content, ...(tools.length ? { tool_calls: tools } : {}) },
    finish_reason: s.finish?.reason ?? "stop",
    ...(s.finish?.raw !== undefined ? { raw_finish_reason: s.finish.raw } : {}),
    ...(s.logprobs !== undefined ? { logprobs: s.logprobs } : {}),
  };
}

/** The chunks that a whole response is made of (a cached answer served to a streaming client). */
export function* responseToChunks(res: ChatResponse): Generator<ChatChunk> {
  yield { type: "start", id: res.id, model: res.model, created: res.created };
  for (const choice of res.choices) {
    for (const part of choice.message.content) {
      if (part.type === "thinking") {
        yield {
          type: "thinking-delta",
          choice: choice.index,
          text: part.text,
          ...(part.signature ? { signature: part.signature } : {}),
        };
      } else if (part.type === "text") yield { type: "text-delta", choice: choice.index, text: part.text };
    }
    if (choice.logprobs) yield { type: "logprobs", choice: choice.index, logprobs: choice.logprobs };
    for (const [index, call] of (choice.message.tool_calls ?? []).entries()) {
      yield {
        type: "tool-call-start",
        choice: choice.index,
        index,
        id: call.id,
        name: call.name,
        ...(call.signature ? { signature: call.signature } : {}),
      };
      if (call.arguments)
        yield { type: "tool-call-delta", choice: choice.index, index, arguments: call.arguments };
    }
    yield {
      type: "finish",
      choice: choice.index,
      reason: choice.finish_reason,
      ...(choice.raw_finish_reason ? { raw: choice.raw_finish_reason } : {}),
      ...(res.stop_sequence !== undefined ? { stop_sequence: res.stop_sequence } : {}),
    };
  }
  if (res.usage) yield { type: "usage", usage: res.usage };
}

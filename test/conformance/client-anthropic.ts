/**
 * The conformance client for the Anthropic dialect: `/v1/messages` through the official
 * `@anthropic-ai/sdk`. Streams are folded from the raw events (`message_start` … `message_stop`),
 * so the usage of `message_start` and `message_delta` are both read.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { Answer, AnswerUsage, Ask, AskMessage, Client, Failure, Outcome } from "./ask.js";
import { ANSWER_SCHEMA } from "./ask.js";

type Params = Anthropic.MessageCreateParamsNonStreaming;
type Block = Anthropic.ContentBlockParam;

/** Anthropic clients must send `max_tokens`; this is what the suite sends when a case sets none. */
const DEFAULT_MAX_TOKENS = 200;

function toMessages(messages: AskMessage[]): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  for (const m of messages) {
    if (m.role === "tool") {
      out.push({ role: "user", content: [{ type: "tool_result", tool_use_id: m.id, content: m.content }] });
    } else if (m.role === "assistant") {
      const blocks: Block[] = m.text ? [{ type: "text", text: m.text }] : [];
      for (const t of m.toolCalls ?? [])
        blocks.push({ type: "tool_use", id: t.id, name: t.name, input: t.args });
      out.push({ role: "assistant", content: blocks });
    } else if (m.image) {
      const source: Anthropic.ImageBlockParam["source"] =
        m.image.kind === "url"
          ? { type: "url", url: m.image.url }
          : { type: "base64", media_type: m.image.mediaType as "image/png", data: m.image.data };
      out.push({
        role: "user",
        content: [
          { type: "text", text: m.text },
          { type: "image", source },
        ],
      });
    } else out.push({ role: "user", content: m.text });
  }
  return out;
}

function toParams(ask: Ask): Params {
  const p: Params = {
    model: ask.model,
    max_tokens: ask.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: toMessages(ask.messages),
  };
  if (ask.system) p.system = ask.system;
  if (ask.tools) {
    p.tools = ask.tools.map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: t.parameters as Anthropic.Tool.InputSchema,
    }));
  }
  const tc = ask.toolChoice;
  if (tc === "required") p.tool_choice = { type: "any" };
  else if (tc === "auto" || tc === "none") p.tool_choice = { type: tc };
  else if (tc) p.tool_choice = { type: "tool", name: tc.name };
  if (ask.json === "object") throw new Error("the Anthropic dialect has no schema-less JSON mode");
  if (ask.json === "schema") {
    Object.assign(p, { output_config: { format: { type: "json_schema", schema: ANSWER_SCHEMA } } });
  }
  if (ask.stop) p.stop_sequences = ask.stop;
  return p;
}

const FINISH: Record<string, string> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

function toUsage(u: Partial<Anthropic.Usage> | null | undefined, prev?: AnswerUsage): AnswerUsage {
  const read = u?.cache_read_input_tokens ?? prev?.cachedRead ?? 0;
  const write = u?.cache_creation_input_tokens ?? prev?.cacheWrite ?? 0;
  const input = u?.input_tokens != null ? u.input_tokens + read + write : (prev?.input ?? 0);
  return { input, output: u?.output_tokens ?? prev?.output ?? 0, cachedRead: read, cacheWrite: write };
}

function failure(err: unknown, midStream: boolean): Failure {
  if (!(err instanceof Anthropic.APIError)) throw err;
  const body = err.error as { error?: { details?: { error_code?: string; param?: string } } } | undefined;
  const details = body?.error?.details;
  return {
    ok: false,
    status: err.status ?? 0,
    ...(details?.error_code ? { code: details.error_code } : {}),
    param: details?.param ?? null,
    message: err.message,
    retryAfter: err.headers?.get("retry-after") ?? null,
    midStream,
  };
}

async function sendJson(client: Anthropic, ask: Ask): Promise<Outcome> {
  const { data, response } = await client.messages.create(toParams(ask)).withResponse();
  return {
    ok: true,
    text: data.content.map((b) => (b.type === "text" ? b.text : "")).join(""),
    toolCalls: data.content.flatMap((b) =>
      b.type === "tool_use" ? [{ id: b.id, name: b.name, args: JSON.stringify(b.input) }] : [],
    ),
    finish: FINISH[data.stop_reason ?? ""] ?? String(data.stop_reason),
    rawFinish: String(data.stop_reason),
    stopSequence: data.stop_sequence,
    usage: toUsage(data.usage),
    argumentDeltas: 0,
    warning: response.headers.get("x-tollgate-warning"),
  };
}

async function sendStream(client: Anthropic, ask: Ask): Promise<Outcome> {
  const { data: stream, response } = await client.messages
    .create({ ...toParams(ask), stream: true })
    .withResponse();
  const out: Answer = {
    ok: true,
    text: "",
    toolCalls: [],
    finish: "",
    rawFinish: "",
    argumentDeltas: 0,
    warning: response.headers.get("x-tollgate-warning"),
  };
  const tools = new Map<number, Answer["toolCalls"][number]>();
  try {
    for await (const ev of stream) {
      if (ev.type === "message_start") out.usage = toUsage(ev.message.usage);
      else if (ev.type === "content_block_start" && ev.content_block.type === "tool_use") {
        const call = { id: ev.content_block.id, name: ev.content_block.name, args: "" };
        tools.set(ev.index, call);
        out.toolCalls.push(call);
      } else if (ev.type === "content_block_delta") {
        if (ev.delta.type === "text_delta") out.text += ev.delta.text;
        if (ev.delta.type === "input_json_delta" && ev.delta.partial_json) {
          tools.get(ev.index)!.args += ev.delta.partial_json;
          out.argumentDeltas++;
        }
      } else if (ev.type === "message_delta") {
        out.rawFinish = String(ev.delta.stop_reason);
        out.finish = FINISH[out.rawFinish] ?? out.rawFinish;
        out.stopSequence = ev.delta.stop_sequence;
        out.usage = toUsage(ev.usage as Partial<Anthropic.Usage>, out.usage);
      }
    }
  } catch (err) {
    return failure(err, true);
  }
  // A tool call with no argument deltas is a call without arguments: `{}`.
  for (const t of out.toolCalls) t.args ||= "{}";
  return out;
}

/** A client for the gateway at `url` with the Tollgate key `key`. */
export function anthropicClient(url: string, key: string): Client {
  const sdk = new Anthropic({ baseURL: url, apiKey: key, maxRetries: 0 });
  return {
    dialect: "anthropic",
    async send(ask) {
      try {
        return await (ask.stream ? sendStream(sdk, ask) : sendJson(sdk, ask));
      } catch (err) {
        return failure(err, false);
      }
    },
  };
}

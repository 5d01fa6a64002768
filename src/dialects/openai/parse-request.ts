/**
 * OpenAI Chat Completions request → canonical request.
 * https://platform.openai.com/docs/api-reference/chat/create
 */
import type {
  ChatRequest,
  ContentPart,
  Message,
  ResponseFormat,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from "../../canonical/chat.js";
import { contractFrom } from "../contract.js";
import { parseThinkingBlocks } from "./thinking-blocks.js";
import {
  asArray,
  asObject,
  asString,
  fail,
  type Json,
  optBoolean,
  optInteger,
  optNumber,
  optStop,
  optString,
} from "./validate.js";

/** Fields this parser maps; anything else is carried in `extra.openai`. */
const KNOWN = new Set([
  "model",
  "messages",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "response_format",
  "temperature",
  "top_p",
  "max_tokens",
  "max_completion_tokens",
  "stop",
  "seed",
  "n",
  "presence_penalty",
  "frequency_penalty",
  "logprobs",
  "top_logprobs",
  "logit_bias",
  "reasoning_effort",
  "user",
  "stream",
  "stream_options",
  "metadata",
]);

export function parseOpenAIChat(value: unknown): ChatRequest {
  const body = asObject(value, "body");
  const model = asString(body.model, "model");
  const messages = asArray(body.messages, "messages");
  if (messages.length === 0) fail("messages", "must contain at least one message.");
  const req: ChatRequest = {
    model,
    messages: messages.map((m, i) => parseMessage(m, `messages.${i}`)),
    stream: optBoolean(body.stream, "stream") ?? false,
  };
  if (body.tools !== undefined && body.tools !== null) {
    req.tools = asArray(body.tools, "tools").map((t, i) => parseTool(t, `tools.${i}`));
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null)
    req.tool_choice = parseToolChoice(body.tool_choice);
  setIf(req, "parallel_tool_calls", optBoolean(body.parallel_tool_calls, "parallel_tool_calls"));
  if (body.response_format !== undefined && body.response_format !== null) {
    req.response_format = parseResponseFormat(body.response_format);
  }
  setIf(req, "temperature", optNumber(body.temperature, "temperature", 0, 2));
  setIf(req, "top_p", optNumber(body.top_p, "top_p", 0, 1));
  setIf(
    req,
    "max_tokens",
    optInteger(body.max_completion_tokens, "max_completion_tokens", 1) ??
      optInteger(body.max_tokens, "max_tokens", 1),
  );
  setIf(req, "stop", optStop(body.stop, "stop"));
  setIf(req, "seed", optInteger(body.seed, "seed"));
  setIf(req, "n", optInteger(body.n, "n", 1, 128));
  setIf(req, "presence_penalty", optNumber(body.presence_penalty, "presence_penalty", -2, 2));
  setIf(req, "frequency_penalty", optNumber(body.frequency_penalty, "frequency_penalty", -2, 2));
  setIf(req, "logprobs", optBoolean(body.logprobs, "logprobs"));
  setIf(req, "top_logprobs", optInteger(body.top_logprobs, "top_logprobs", 0, 20));
  if (body.logit_bias !== undefined && body.logit_bias !== null) {
    req.logit_bias = asObject(body.logit_bias, "logit_bias") as Record<string, number>;
  }
  const effort = optString(body.reasoning_effort, "reasoning_effort");
  if (effort) req.reasoning = { effort };
  setIf(req, "user", optString(body.user, "user"));
  if (body.stream_options !== undefined && body.stream_options !== null) {
    const so = asObject(body.stream_options, "stream_options");
    if (!req.stream) fail("stream_options", "only allowed when 'stream' is true.");
    req.stream_include_usage = optBoolean(so.include_usage, "stream_options.include_usage") ?? false;
  }
  if (body.metadata !== undefined && body.metadata !== null) {
    req.metadata = { ...contractFrom(asObject(body.metadata, "metadata")) };
  }
  const extra = carried(body);
  if (extra) req.extra = { openai: extra };
  return req;
}

function setIf<K extends keyof ChatRequest>(
  req: ChatRequest,
  key: K,
  value: ChatRequest[K] | undefined,
): void {
  if (value !== undefined) req[key] = value;
}

function carried(body: Json): Json | undefined {
  let extra: Json | undefined;
  for (const k in body) {
    if (KNOWN.has(k)) continue;
    extra ??= {};
    extra[k] = body[k];
  }
  return extra;
}

function parseMessage(value: unknown, path: string): Message {
  const m = asObject(value, path);
  const role = m.role;
  const name = optString(m.name, `${path}.name`);
  const named = name !== undefined ? { name } : {};
  switch (role) {
    case "system":
    case "developer":
    case "user":
      return { role, content: parseContent(m.content, `${path}.content`, false), ...named };
    case "assistant": {
      const msg: Message = { role, content: parseContent(m.content, `${path}.content`, true), ...named };
      if (m.tool_calls !== undefined && m.tool_calls !== null) {
        msg.tool_calls = asArray(m.tool_calls, `${path}.tool_calls`).map((c, i) =>
          parseToolCall(c, `${path}.tool_calls.${i}`),
        );
      }
      if (typeof m.refusal === "string") msg.refusal = m.refusal;
      // Signed reasoning comes back as `thinking_blocks` (what Tollgate sends for it); plain
      // DeepSeek-style `reasoning_content` (thinking mode needs it in tool loops) otherwise. Both
      // hold the same thinking when a client echoes a whole message, so one is read.
      if (m.thinking_blocks != null)
        msg.content.unshift(...parseThinkingBlocks(m.thinking_blocks, `${path}.thinking_blocks`));
      else {
        const reasoning = optString(m.reasoning_content, `${path}.reasoning_content`);
        if (reasoning) msg.content.unshift({ type: "thinking", text: reasoning });
      }
      return msg;
    }
    case "tool":
      return {
        role,
        tool_call_id: asString(m.tool_call_id, `${path}.tool_call_id`),
        content: parseContent(m.content, `${path}.content`, false),
      };
    default:
      return fail(`${path}.role`, "must be one of 'system', 'developer', 'user', 'assistant' or 'tool'.");
  }
}

function parseContent(value: unknown, path: string, optional: boolean): ContentPart[] {
  if (typeof value === "string") return [{ type: "text", text: value }];
  if ((value === undefined || value === null) && optional) return [];
  return asArray(value, path).map((p, i) => parsePart(p, `${path}.${i}`));
}

function parsePart(value: unknown, path: string): ContentPart {
  const p = asObject(value, path);
  switch (p.type) {
    case "text":
      return { type: "text", text: asString(p.text, `${path}.text`) };
    case "image_url": {
      const img = asObject(p.image_url, `${path}.image_url`);
      const url = asString(img.url, `${path}.image_url.url`);
      const detail = optString(img.detail, `${path}.image_url.detail`) as "auto" | "low" | "high" | undefined;
      const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      const source = data
        ? ({ kind: "base64", media_type: data[1]!, data: data[2]! } as const)
        : ({ kind: "url", url } as const);
      return { type: "image", source, ...(detail ? { detail } : {}) };
    }
    case "input_audio": {
      const a = asObject(p.input_audio, `${path}.input_audio`);
      return {
        type: "audio",
        data: asString(a.data, `${path}.input_audio.data`),
        format: asString(a.format, `${path}.input_audio.format`),
      };
    }
    case "file":
      return { type: "file", file: asObject(p.file, `${path}.file`) };
    case "refusal":
      return { type: "text", text: asString(p.refusal, `${path}.refusal`) };
    default:
      return fail(`${path}.type`, "must be one of 'text', 'image_url', 'input_audio' or 'file'.");
  }
}

function parseToolCall(value: unknown, path: string): ToolCall {
  const c = asObject(value, path);
  const fn = asObject(c.function, `${path}.function`);
  const signature = signatureOf(c.extra_content);
  return {
    id: asString(c.id, `${path}.id`),
    name: asString(fn.name, `${path}.function.name`),
    arguments: asString(fn.arguments ?? "", `${path}.function.arguments`),
    ...(signature ? { signature } : {}),
  };
}

/** Gemini's thought signature as Google's OpenAI layer carries it: `extra_content.google.thought_signature`. */
function signatureOf(extra: unknown): string | undefined {
  if (typeof extra !== "object" || extra === null) return undefined;
  const google = (extra as { google?: unknown }).google;
  if (typeof google !== "object" || google === null) return undefined;
  const sig = (google as { thought_signature?: unknown }).thought_signature;
  return typeof sig === "string" && sig ? sig : undefined;
}

function parseTool(value: unknown, path: string): ToolDefinition {
  const t = asObject(value, path);
  if (t.type !== "function") fail(`${path}.type`, "only 'function' tools are supported.");
  const fn = asObject(t.function, `${path}.function`);
  const tool: ToolDefinition = { name: asString(fn.name, `${path}.function.name`) };
  const description = optString(fn.description, `${path}.function.description`);
  if (description !== undefined) tool.description = description;
  if (fn.parameters !== undefined && fn.parameters !== null) {
    tool.parameters = asObject(fn.parameters, `${path}.function.parameters`);
  }
  const strict = optBoolean(fn.strict, `${path}.function.strict`);
  if (strict !== undefined) tool.strict = strict;
  return tool;
}

function parseToolChoice(value: unknown): ToolChoice {
  if (value === "auto" || value === "none" || value === "required") return { type: value };
  const c = asObject(value, "tool_choice");
  if (c.type !== "function") fail("tool_choice", "must be 'auto', 'none', 'required' or a function.");
  return {
    type: "tool",
    name: asString(asObject(c.function, "tool_choice.function").name, "tool_choice.function.name"),
  };
}

function parseResponseFormat(value: unknown): ResponseFormat {
  const f = asObject(value, "response_format");
  if (f.type === "text" || f.type === "json_object") return { type: f.type };
  if (f.type !== "json_schema")
    fail("response_format.type", "must be 'text', 'json_object' or 'json_schema'.");
  const js = asObject(f.json_schema, "response_format.json_schema");
  const out: ResponseFormat = {
    type: "json_schema",
    json_schema: { name: asString(js.name, "response_format.json_schema.name") },
  };
  if (js.schema !== undefined)
    out.json_schema.schema = asObject(js.schema, "response_format.json_schema.schema");
  const strict = optBoolean(js.strict, "response_format.json_schema.strict");
  if (strict !== undefined) out.json_schema.strict = strict;
  const description = optString(js.description, "response_format.json_schema.description");
  if (description !== undefined) out.json_schema.description = description;
  return out;
}

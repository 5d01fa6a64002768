/**
 * The conformance client for the OpenAI dialect: `/v1/chat/completions` through the official
 * `openai` SDK. Streams always ask for usage (`stream_options.include_usage`), so every stream's
 * usage can be checked.
 */
import OpenAI from "openai";
import type { Answer, AnswerUsage, Ask, AskMessage, Client, Failure, Outcome } from "./ask.js";
import { ANSWER_SCHEMA } from "./ask.js";

type Params = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
type Msg = OpenAI.Chat.ChatCompletionMessageParam;

function toMessage(m: AskMessage): Msg {
  if (m.role === "tool") return { role: "tool", tool_call_id: m.id, content: m.content };
  if (m.role === "assistant") {
    return {
      role: "assistant",
      content: m.text ?? null,
      ...(m.toolCalls
        ? {
            tool_calls: m.toolCalls.map((t) => ({
              id: t.id,
              type: "function" as const,
              function: { name: t.name, arguments: JSON.stringify(t.args) },
            })),
          }
        : {}),
    };
  }
  if (!m.image) return { role: "user", content: m.text };
  const url = m.image.kind === "url" ? m.image.url : `data:${m.image.mediaType};base64,${m.image.data}`;
  return {
    role: "user",
    content: [
      { type: "text", text: m.text },
      { type: "image_url", image_url: { url } },
    ],
  };
}

function toParams(ask: Ask): Params {
  const messages: Msg[] = ask.system ? [{ role: "system", content: ask.system }] : [];
  messages.push(...ask.messages.map(toMessage));
  const p: Params = { model: ask.model, messages };
  if (ask.tools) {
    p.tools = ask.tools.map((t) => ({
      type: "function",
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  }
  const tc = ask.toolChoice;
  if (tc) p.tool_choice = typeof tc === "string" ? tc : { type: "function", function: { name: tc.name } };
  if (ask.json === "object") p.response_format = { type: "json_object" };
  if (ask.json === "schema") {
    p.response_format = {
      type: "json_schema",
      json_schema: { name: "answer", schema: ANSWER_SCHEMA, strict: true },
    };
  }
  if (ask.stop) p.stop = ask.stop;
  if (ask.maxTokens !== undefined) p.max_tokens = ask.maxTokens;
  return p;
}

function toUsage(u: OpenAI.CompletionUsage | null | undefined): AnswerUsage | undefined {
  if (!u) return undefined;
  const out: AnswerUsage = { input: u.prompt_tokens, output: u.completion_tokens };
  if (u.prompt_tokens_details?.cached_tokens !== undefined)
    out.cachedRead = u.prompt_tokens_details.cached_tokens;
  if (u.completion_tokens_details?.reasoning_tokens !== undefined)
    out.reasoning = u.completion_tokens_details.reasoning_tokens;
  return out;
}

/** An `openai` SDK error → the failure (its `code`, `param` and `retry-after`); other errors rethrown. */
export function failure(err: unknown, midStream: boolean): Failure {
  if (!(err instanceof OpenAI.APIError)) throw err;
  const body = err.error as { param?: string | null } | undefined;
  return {
    ok: false,
    status: err.status ?? 0,
    ...(typeof err.code === "string" ? { code: err.code } : {}),
    param: body?.param ?? null,
    message: err.message,
    retryAfter: err.headers?.get("retry-after") ?? null,
    midStream,
  };
}

async function sendJson(client: OpenAI, ask: Ask): Promise<Outcome> {
  const { data, response } = await client.chat.completions.create(toParams(ask)).withResponse();
  const choice = data.choices[0]!;
  return {
    ok: true,
    text: choice.message.content ?? "",
    toolCalls: (choice.message.tool_calls ?? []).flatMap((t) =>
      t.type === "function" ? [{ id: t.id, name: t.function.name, args: t.function.arguments }] : [],
    ),
    finish: choice.finish_reason,
    rawFinish: choice.finish_reason,
    ...(toUsage(data.usage) ? { usage: toUsage(data.usage)! } : {}),
    argumentDeltas: 0,
    warning: response.headers.get("x-tollgate-warning"),
  };
}

async function sendStream(client: OpenAI, ask: Ask): Promise<Outcome> {
  const params = { ...toParams(ask), stream: true as const, stream_options: { include_usage: true } };
  const { data: stream, response } = await client.chat.completions.create(params).withResponse();
  const out: Answer = {
    ok: true,
    text: "",
    toolCalls: [],
    finish: "",
    rawFinish: "",
    argumentDeltas: 0,
    warning: response.headers.get("x-tollgate-warning"),
  };
  try {
    for await (const chunk of stream) {
      if (chunk.usage) out.usage = toUsage(chunk.usage)!;
      const choice = chunk.choices[0];
      if (!choice) continue;
      out.text += choice.delta.content ?? "";
      for (const tc of choice.delta.tool_calls ?? []) {
        out.toolCalls[tc.index] ??= { id: "", name: "", args: "" };
        const call = out.toolCalls[tc.index]!;
        if (tc.id) call.id = tc.id;
        if (tc.function?.name) call.name += tc.function.name;
        if (tc.function?.arguments) {
          call.args += tc.function.arguments;
          out.argumentDeltas++;
        }
      }
      if (choice.finish_reason) out.finish = out.rawFinish = choice.finish_reason;
    }
  } catch (err) {
    return failure(err, true);
  }
  return out;
}

/** A client for the gateway at `url` (its `/v1` base) with the Tollgate key `key`. */
export function openaiClient(url: string, key: string): Client {
  const sdk = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
  return {
    dialect: "openai",
    async send(ask) {
      try {
        return await (ask.stream ? sendStream(sdk, ask) : sendJson(sdk, ask));
      } catch (err) {
        return failure(err, false);
      }
    },
  };
}

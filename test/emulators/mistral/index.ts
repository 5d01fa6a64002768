/**
 * The Mistral flavour of the OpenAI emulator (https://docs.mistral.ai/api/). Mistral serves the
 * same path as OpenAI (`/v1/chat/completions`), so the OpenAI emulator delegates to this flavour
 * by model name. It differs where Mistral does: 9-character tool call ids, usage in the last stream
 * chunk without asking, whole tool calls in one delta, its own error bodies, and it refuses fields
 * it does not document (`stream_options`, `max_completion_tokens`, `seed`).
 */
import type { Plan } from "../plan.js";
import {
  type ChatView,
  EmulatorBadRequest,
  type ErrorKind,
  type ErrorResponse,
  type Frame,
} from "../types.js";

/** Model names Mistral serves. */
const MISTRAL_MODEL =
  /^(mistral|codestral|open-mistral|open-mixtral|ministral|pixtral|magistral|devstral|voxtral)-/;

export function isMistralModel(model: unknown): boolean {
  return typeof model === "string" && MISTRAL_MODEL.test(model);
}

const CREATED = 1_730_000_000;
const ID = "cmpl-e5cc70bb28c444948073e77776eb30ef";
const TOOL_ID = /^[A-Za-z0-9]{9}$/;
const REFUSED_FIELDS = [
  "stream_options",
  "max_completion_tokens",
  "seed",
  "logit_bias",
  "logprobs",
  "user",
  "top_k",
];

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Message fields Mistral declares, per role (the official SDK's types, @mistralai/mistralai 2.7:
 * SystemMessage, UserMessage, AssistantMessage, ToolMessage); any other field is a 422.
 */
const MESSAGE_FIELDS: Record<string, ReadonlySet<string>> = {
  system: new Set(["role", "content"]),
  user: new Set(["role", "content"]),
  assistant: new Set(["role", "content", "tool_calls", "prefix"]),
  tool: new Set(["role", "content", "tool_call_id", "name"]),
};
/** `ReasoningEffort` in the same SDK types. */
const REASONING_EFFORTS = new Set(["none", "minimal", "low", "medium", "high", "xhigh"]);

/** A request body Mistral's validation refuses with 422 and a pydantic-style `detail` list. */
export class MistralUnprocessable extends EmulatorBadRequest {
  constructor(readonly detail: Json) {
    super(String(detail.msg));
  }
}

const extraForbidden = (loc: unknown[], input: unknown): never => {
  throw new MistralUnprocessable({
    type: "extra_forbidden",
    loc: ["body", ...loc],
    msg: "Extra inputs are not permitted",
    input,
  });
};

/** What Mistral refuses beyond the common checks. Throws EmulatorBadRequest. */
export function mistralValidate(body: unknown): void {
  if (!isObj(body)) return;
  for (const f of REFUSED_FIELDS) {
    if (f in body) throw new EmulatorBadRequest(`Extra inputs are not permitted: body.${f}`);
  }
  if (body.reasoning_effort !== undefined && !REASONING_EFFORTS.has(String(body.reasoning_effort))) {
    throw new MistralUnprocessable({
      type: "enum",
      loc: ["body", "reasoning_effort"],
      msg: "Input should be 'none', 'minimal', 'low', 'medium', 'high' or 'xhigh'",
      input: body.reasoning_effort,
    });
  }
  for (const [i, t] of (Array.isArray(body.tools) ? body.tools : []).entries()) {
    const fn = isObj(t) && isObj(t.function) ? t.function : {};
    if (!isObj(fn.parameters)) {
      throw new MistralUnprocessable({
        type: "missing",
        loc: ["body", "tools", i, "function", "parameters"],
        msg: "Field required",
        input: fn,
      });
    }
  }
  for (const [i, m] of (Array.isArray(body.messages) ? body.messages : []).entries()) {
    if (!isObj(m)) continue;
    const declared = MESSAGE_FIELDS[String(m.role)];
    for (const k of Object.keys(m))
      if (declared && !declared.has(k)) extraForbidden(["messages", i, String(m.role), k], m[k]);
    const ids = [
      ...(Array.isArray(m.tool_calls) ? m.tool_calls.map((t) => (isObj(t) ? t.id : undefined)) : []),
      ...(m.role === "tool" ? [m.tool_call_id] : []),
    ];
    for (const id of ids) {
      if (typeof id !== "string" || !TOOL_ID.test(id)) {
        throw new EmulatorBadRequest(
          `Tool call id was ${String(id)} but must be a-z, A-Z, 0-9, with a length of 9.`,
        );
      }
    }
  }
}

/** Mistral's tool call ids: nine letters and digits. */
const toolId = (i: number): string => `emuCall0${i + 1}`;

const finishOf = (plan: Plan): string =>
  plan.finish === "stop_sequence" || plan.finish === "content_filter" ? "stop" : plan.finish;

const usageOf = (plan: Plan) => {
  const prompt = plan.usage.input + plan.usage.cachedRead + plan.usage.cacheWrite;
  return {
    prompt_tokens: prompt,
    total_tokens: prompt + plan.usage.output,
    completion_tokens: plan.usage.output,
  };
};

const toolCalls = (plan: Plan) =>
  plan.toolCalls.map((t, index) => ({
    id: toolId(index),
    function: { name: t.name, arguments: t.argumentDeltas.join("") },
    index,
  }));

export function mistralChatJson(plan: Plan, view: ChatView): unknown {
  const tools = toolCalls(plan).map(({ index: _i, ...t }) => ({ ...t, type: "function" }));
  return {
    id: ID,
    object: "chat.completion",
    model: view.model,
    usage: usageOf(plan),
    created: CREATED,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: plan.text.join(""),
          tool_calls: tools.length ? tools : null,
          prefix: false,
        },
        finish_reason: finishOf(plan),
      },
    ],
  };
}

export function mistralChatStream(plan: Plan, view: ChatView): Frame[] {
  const head = { id: ID, object: "chat.completion.chunk", created: CREATED, model: view.model };
  const frame = (delta: Json, finish: string | null, usage?: unknown): string =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
  const frames: Frame[] = [frame({ role: "assistant", content: "" }, null)];
  for (const t of plan.text) frames.push(frame({ content: t }, null));
  // why: Mistral sends whole tool calls, the finish reason and usage in one last chunk
  // (fixture streams/tool-call.sse in src/providers/mistral/__fixtures__).
  const tools = toolCalls(plan);
  const last = tools.length ? { content: "", tool_calls: tools } : { content: "" };
  frames.push(frame(last, finishOf(plan), usageOf(plan)));
  frames.push("data: [DONE]\n\n");
  return frames;
}

export function mistralEmbeddings(model: string, vectors: Array<number[] | string>, tokens: number): unknown {
  return {
    id: "emb-7f2a4c3b9e8d4f01a2b3c4d5e6f70819",
    object: "list",
    data: vectors.map((embedding, index) => ({ object: "embedding", embedding, index })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0 },
  };
}

const STATUS: Record<ErrorKind, number> = {
  auth: 401,
  rate_limit: 429,
  server: 500,
  overloaded: 503,
  context_length: 400,
  model_not_found: 400,
  bad_request: 400,
};

/** Mistral's 422: the validation details under `message.detail`. */
export function mistralUnprocessableBody(detail: Json): ErrorResponse {
  return {
    status: 422,
    body: JSON.stringify({
      object: "error",
      message: { detail: [detail] },
      type: "invalid_request_error",
      param: null,
      code: null,
    }),
  };
}

/** Mistral error bodies: `{"object":"error",…}` from the API, `{"message","request_id"}` from its gateway. */
export function mistralErrorBody(kind: ErrorKind, message: string): ErrorResponse {
  const status = STATUS[kind];
  const err = (type: string, msg: string, code: string | null = null): ErrorResponse => ({
    status,
    body: JSON.stringify({ object: "error", message: msg, type, param: null, code }),
  });
  switch (kind) {
    case "auth":
      return {
        status,
        body: JSON.stringify({ message: "Unauthorized", request_id: "c61f2f15feca71626a990e3740f99245" }),
      };
    case "rate_limit":
      return err("rate_limited", "Requests rate limit exceeded", "1300");
    case "server":
      return err("internal_server_error", "Internal server error");
    case "overloaded":
      return err("service_unavailable", "Service unavailable, please try again later.");
    case "context_length":
      return err(
        "invalid_request_error",
        "Prompt contains 130000 tokens and 0 draft tokens, too large for model with 131072 maximum context length",
        "3051",
      );
    case "model_not_found":
      return err("invalid_model", "Invalid model: mistral-unknown", "1500");
    case "bad_request":
      return err("invalid_request_message_error", message);
  }
}

/**
 * OpenAI's Responses API (`POST /v1/responses`) as the emulator serves it: the request read into
 * the plan's view, refusing what the real API refuses (unknown top-level fields and item types,
 * from the OpenAPI document via `responses-spec.ts`; a `function_call_output` whose call is not in
 * the input; `stream_options` without `stream`), and the plan rendered as the response object
 * (https://platform.openai.com/docs/api-reference/responses/object) or its typed SSE events
 * (https://platform.openai.com/docs/api-reference/responses-streaming).
 */
import type { Plan } from "../plan.js";
import { approxTokens } from "../plan.js";
import { type ChatView, EmulatorBadRequest, type Frame } from "../types.js";
import { CREATE_RESPONSE_FIELDS, INPUT_ITEM_TYPES } from "./responses-spec.js";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const FIELDS = new Set(CREATE_RESPONSE_FIELDS);
const ITEM_TYPES = new Set(INPUT_ITEM_TYPES);
const CREATED = 1_741_476_542;
/** Response ids count up, so responses stored by the gateway under the provider's id never collide. */
let served = 0;
const nextId = (): string => (++served).toString(16).padStart(12, "0");

/** The text of a message's content: a string or input/output text parts. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (isObj(p) && typeof p.text === "string" ? p.text : "")).join("");
}

export interface ResponsesView extends ChatView {
  /** Echoed in the response object. */
  instructions: string | null;
  previousResponseId: string | null;
}

export function responsesView(body: unknown): ResponsesView {
  if (!isObj(body)) throw new EmulatorBadRequest("The request body must be a JSON object.");
  for (const k of Object.keys(body))
    if (!FIELDS.has(k)) throw new EmulatorBadRequest(`Unknown parameter: '${k}'.`);
  if (typeof body.model !== "string" || !body.model)
    throw new EmulatorBadRequest("Missing required parameter: 'model'.");
  if (body.stream_options !== undefined && body.stream !== true)
    throw new EmulatorBadRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  const items: Json[] =
    typeof body.input === "string"
      ? [{ type: "message", role: "user", content: body.input }]
      : Array.isArray(body.input)
        ? body.input.map((i, n) => item(i, n))
        : [];
  if (items.length === 0 && typeof body.previous_response_id !== "string")
    throw new EmulatorBadRequest("Missing required parameter: 'input'.");
  const calls = new Set<string>();
  let chars = typeof body.instructions === "string" ? body.instructions.length : 0;
  let lastUserText = "";
  let lastRole = "user";
  for (const i of items) {
    const type = i.type ?? "message";
    if (type === "function_call") calls.add(String(i.call_id));
    if (type === "function_call_output" && !calls.has(String(i.call_id)))
      throw new EmulatorBadRequest(
        `No tool call found for function call output with call_id ${String(i.call_id)}.`,
      );
    const text = type === "message" ? textOf(i.content) : typeof i.output === "string" ? i.output : "";
    chars += text.length + (typeof i.arguments === "string" ? i.arguments.length : 0);
    if (type === "message" && i.role === "user") lastUserText = text;
    if (type === "message") lastRole = String(i.role);
    else if (type === "function_call_output") lastRole = "tool";
    else if (type === "function_call") lastRole = "assistant";
  }
  const tools = Array.isArray(body.tools)
    ? body.tools.map((t) => (isObj(t) ? String(t.name ?? t.type) : ""))
    : [];
  const tc = body.tool_choice;
  const toolChoice =
    typeof tc === "string" ? tc : isObj(tc) && typeof tc.name === "string" ? tc.name : undefined;
  const format = isObj(body.text) && isObj(body.text.format) ? body.text.format.type : undefined;
  return {
    lastRole,
    lastUserText,
    tools,
    ...(toolChoice ? { toolChoice } : {}),
    ...(typeof body.max_output_tokens === "number" ? { maxTokens: body.max_output_tokens } : {}),
    json: format === "json_object" || format === "json_schema",
    inputTokens: approxTokens("x".repeat(Math.max(1, chars))),
    model: body.model,
    stream: body.stream === true,
    instructions: typeof body.instructions === "string" ? body.instructions : null,
    previousResponseId: typeof body.previous_response_id === "string" ? body.previous_response_id : null,
  };
}

function item(raw: unknown, n: number): Json {
  if (!isObj(raw)) throw new EmulatorBadRequest(`Invalid type for 'input[${n}]': expected an object.`);
  const type = raw.type ?? "message";
  if (typeof type !== "string" || !ITEM_TYPES.has(type))
    throw new EmulatorBadRequest(
      `Invalid value: '${String(type)}'. Supported values are: ${INPUT_ITEM_TYPES.join(", ")}.`,
    );
  if (type === "message" && !["user", "assistant", "system", "developer"].includes(String(raw.role)))
    throw new EmulatorBadRequest(
      `Invalid value: '${String(raw.role)}'. 'input[${n}].role' must be user, assistant, system or developer.`,
    );
  return raw;
}

function usage(plan: Plan): Json {
  const u = plan.usage;
  const input = u.input + u.cachedRead + u.cacheWrite;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cachedRead },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: input + u.output,
  };
}

function outputItems(plan: Plan, n: string): Json[] {
  const out: Json[] = [];
  if (plan.text.length || plan.toolCalls.length === 0) {
    out.push({
      id: `msg_emu${n}`,
      type: "message",
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: plan.text.join(""), annotations: [], logprobs: [] }],
    });
  }
  for (const [i, t] of plan.toolCalls.entries()) {
    out.push({
      id: `fc_emu${n}_${i}`,
      type: "function_call",
      status: "completed",
      call_id: t.id,
      name: t.name,
      arguments: t.argumentDeltas.join(""),
    });
  }
  return out;
}

function envelope(view: ResponsesView, n: string, status: string, output: Json[], extra: Json): Json {
  return {
    id: `resp_emu${n}`,
    object: "response",
    created_at: CREATED,
    status,
    error: null,
    incomplete_details: null,
    instructions: view.instructions,
    max_output_tokens: view.maxTokens ?? null,
    model: view.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: view.previousResponseId,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    truncation: "disabled",
    usage: null,
    user: null,
    metadata: {},
    ...extra,
  };
}

function ending(plan: Plan): Json {
  if (plan.finish === "length")
    return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  if (plan.finish === "content_filter")
    return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
  return { status: "completed" };
}

export function renderResponsesJson(plan: Plan, view: ResponsesView): unknown {
  const end = ending(plan);
  const n = nextId();
  return envelope(view, n, String(end.status), outputItems(plan, n), { ...end, usage: usage(plan) });
}

/** The typed events, in the documented order, each numbered. */
export function renderResponsesStream(plan: Plan, view: ResponsesView): Frame[] {
  let seq = 0;
  const frames: Frame[] = [];
  const ev = (type: string, body: Json) =>
    frames.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...body })}\n\n`);
  const n = nextId();
  const inProgress = envelope(view, n, "in_progress", [], {});
  ev("response.created", { response: inProgress });
  ev("response.in_progress", { response: inProgress });
  const items = outputItems(plan, n);
  for (const [output_index, done] of items.entries()) {
    const item_id = done.id;
    if (done.type === "message") {
      ev("response.output_item.added", {
        output_index,
        item: { ...done, status: "in_progress", content: [] },
      });
      const part = { type: "output_text", text: "", annotations: [], logprobs: [] };
      ev("response.content_part.added", { item_id, output_index, content_index: 0, part });
      for (const delta of plan.text)
        ev("response.output_text.delta", { item_id, output_index, content_index: 0, delta, logprobs: [] });
      const text = plan.text.join("");
      ev("response.output_text.done", { item_id, output_index, content_index: 0, text, logprobs: [] });
      ev("response.content_part.done", { item_id, output_index, content_index: 0, part: { ...part, text } });
    } else {
      const call = plan.toolCalls[output_index - (items[0]?.type === "message" ? 1 : 0)]!;
      ev("response.output_item.added", {
        output_index,
        item: { ...done, status: "in_progress", arguments: "" },
      });
      for (const delta of call.argumentDeltas)
        ev("response.function_call_arguments.delta", { item_id, output_index, delta });
      ev("response.function_call_arguments.done", {
        item_id,
        output_index,
        name: done.name,
        arguments: done.arguments,
      });
    }
    ev("response.output_item.done", { output_index, item: done });
  }
  const end = ending(plan);
  const type = end.status === "completed" ? "response.completed" : "response.incomplete";
  ev(type, { response: envelope(view, n, String(end.status), items, { ...end, usage: usage(plan) }) });
  return frames;
}

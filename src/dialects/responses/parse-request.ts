/**
 * Responses API request (`POST /v1/responses`) → canonical `ChatRequest`. What the response
 * object echoes back (instructions, tools as sent, `store`, `previous_response_id`…) and fields
 * with no canonical place ride in `extra.responses`; built-in tools are kept there too, for the
 * same-dialect passthrough (only OpenAI can run them).
 */
import type { ChatRequest, ToolChoice, ToolDefinition } from "../../canonical/chat.js";
import { isRecord } from "../../wire/json.js";
import { invalidAt, validate } from "../anthropic/validate.js";
import { contractFrom } from "../contract.js";
import { toCanonicalMessages } from "./parse-input.js";
import { functionToolSchema, type ResponsesRequest, responsesRequestSchema } from "./request-schema.js";
import { newResponseId, type ResponsesExtra } from "./wire.js";

/** Top-level fields this parser maps; every other one is carried in `extra.responses.carried`. */
const MAPPED = new Set([
  "model",
  "input",
  "instructions",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "text",
  "reasoning",
  "max_output_tokens",
  "temperature",
  "top_p",
  "metadata",
  "store",
  "previous_response_id",
  "stream",
  "user",
]);

/** Validates a Responses API body and maps it to canonical form. Throws a 400 `GatewayError`. */
export function parseResponsesRequest(body: unknown): ChatRequest {
  if (!isRecord(body)) throw invalidAt([], "The request body must be a JSON object.");
  const req = validate(responsesRequestSchema, body);
  if (req.input === undefined && !req.previous_response_id)
    throw invalidAt(["input"], "Missing required parameter: 'input'.");
  const input = toCanonicalMessages(req.input ?? []);
  const out: ChatRequest = {
    model: req.model,
    messages: [
      ...(req.instructions
        ? [{ role: "developer" as const, content: [{ type: "text" as const, text: req.instructions }] }]
        : []),
      ...input.messages,
    ],
    stream: req.stream ?? false,
  };
  // The Responses API always reports usage (response.completed): ask every provider for it.
  if (out.stream) out.stream_include_usage = true;
  if (req.max_output_tokens != null) out.max_tokens = req.max_output_tokens;
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.top_p != null) out.top_p = req.top_p;
  if (req.parallel_tool_calls != null) out.parallel_tool_calls = req.parallel_tool_calls;
  if (req.reasoning?.effort) out.reasoning = { effort: req.reasoning.effort };
  if (req.user) out.user = req.user;
  if (req.metadata) out.metadata = contractFrom(req.metadata);
  mapFormat(req, out);
  const builtin = mapTools(req, out);
  const extra = extraOf(req, builtin);
  if (input.unresolved.length) extra.unresolved_items = input.unresolved;
  if (input.openaiOnly.length) extra.openai_only_items = input.openaiOnly;
  out.extra = { responses: extra as unknown as Record<string, unknown> };
  return out;
}

/** `text.format` (https://platform.openai.com/docs/guides/structured-outputs) → `response_format`. */
function mapFormat(req: ResponsesRequest, out: ChatRequest): void {
  const f = req.text?.format;
  if (!f || f.type === "text") return;
  if (f.type === "json_object") {
    out.response_format = { type: "json_object" };
    return;
  }
  out.response_format = {
    type: "json_schema",
    json_schema: {
      name: f.name,
      schema: f.schema,
      ...(f.strict != null ? { strict: f.strict } : {}),
      ...(f.description !== undefined ? { description: f.description } : {}),
    },
  };
}

/** Function tools → canonical tools; built-in tools (web_search, file_search, …) are returned. */
function mapTools(req: ResponsesRequest, out: ChatRequest): Record<string, unknown>[] {
  const builtin: Record<string, unknown>[] = [];
  const tools: ToolDefinition[] = [];
  for (const [i, raw] of (req.tools ?? []).entries()) {
    if (raw.type !== "function") {
      builtin.push(raw);
      continue;
    }
    const t = validate(functionToolSchema, raw, ["tools", i]);
    tools.push({
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      ...(t.parameters ? { parameters: t.parameters } : {}),
      // The Responses API defaults `strict` to true for function tools.
      strict: t.strict ?? true,
    });
  }
  if (tools.length) out.tools = tools;
  const tc = req.tool_choice;
  if (tc === undefined) return builtin;
  let choice: ToolChoice;
  if (typeof tc === "string") choice = { type: tc };
  else if (tc.type === "function" && typeof tc.name === "string") choice = { type: "tool", name: tc.name };
  else {
    builtin.push({ tool_choice: tc });
    return builtin;
  }
  out.tool_choice = choice;
  return builtin;
}

function extraOf(req: ResponsesRequest, builtin: Record<string, unknown>[]): ResponsesExtra {
  const carried: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req)) if (!MAPPED.has(k) && v !== undefined) carried[k] = v;
  return {
    id: newResponseId(),
    created_at: Math.floor(Date.now() / 1000),
    store: req.store ?? true,
    instructions: req.instructions ?? null,
    previous_response_id: req.previous_response_id ?? null,
    tools: req.tools ?? [],
    tool_choice: req.tool_choice ?? "auto",
    text: req.text ?? { format: { type: "text" } },
    reasoning: req.reasoning ?? null,
    metadata: req.metadata ?? {},
    ...(builtin.length ? { builtin_tools: builtin } : {}),
    ...(Object.keys(carried).length ? { carried } : {}),
  };
}

/**
 * Canonical chat request → `POST {base}/v2/chat` (https://docs.cohere.com/reference/chat;
 * streaming is the same endpoint with `stream: true`, https://docs.cohere.com/reference/chat-stream).
 */
import type { ChatRequest, ToolChoice, ToolDefinition } from "../../canonical/chat.js";
import { joinUrl } from "../base-schema.js";
import type { CodecContext, UpstreamRequest } from "../types.js";
import { toCohereMessages } from "./to-cohere-messages.js";
import { dropOrThrow } from "./unsupported.js";
import type { CohereChatRequest, CohereTool } from "./wire.js";

/** What every Cohere request needs: where to send it and the headers (auth, extras). */
export interface CohereTransport {
  provider: string;
  baseUrl: string;
  headers: Record<string, string>;
}

/** Builds the upstream request for a canonical chat request. */
export function encodeChat(req: ChatRequest, ctx: CodecContext, t: CohereTransport): UpstreamRequest {
  checkUnsupported(req, ctx, t.provider);
  const c = { ctx, provider: t.provider };
  const body: CohereChatRequest = {
    model: ctx.target.model,
    messages: toCohereMessages(req.messages, c),
    ...(req.stream ? { stream: true } : {}),
    ...toolFields(req, ctx, t.provider),
    ...responseFormat(req),
    ...sampling(req),
    ...thinking(req, ctx, t.provider),
  };
  return {
    method: "POST",
    url: joinUrl(t.baseUrl, "/v2/chat"),
    headers: { ...t.headers, accept: req.stream ? "text/event-stream" : "application/json" },
    body: JSON.stringify(body),
  };
}

/** Sampling and length controls; Cohere names top_p `p` and top_k `k`. */
function sampling(req: ChatRequest): Partial<CohereChatRequest> {
  const out: Partial<CohereChatRequest> = {};
  if (req.max_tokens !== undefined) out.max_tokens = req.max_tokens;
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.p = req.top_p;
  if (req.top_k !== undefined) out.k = req.top_k;
  if (req.stop?.length) out.stop_sequences = req.stop;
  if (req.seed !== undefined) out.seed = req.seed;
  if (req.frequency_penalty !== undefined) out.frequency_penalty = req.frequency_penalty;
  if (req.presence_penalty !== undefined) out.presence_penalty = req.presence_penalty;
  if (req.logprobs) out.logprobs = true;
  return out;
}

/**
 * `response_format`: JSON mode is `{type: "json_object"}`; a JSON schema rides in the same object's
 * `json_schema` (the schema itself, no name wrapper). https://docs.cohere.com/docs/structured-outputs
 */
function responseFormat(req: ChatRequest): Partial<CohereChatRequest> {
  const f = req.response_format;
  if (!f || f.type === "text") return {};
  if (f.type === "json_object" || !f.json_schema.schema) return { response_format: { type: "json_object" } };
  return { response_format: { type: "json_object", json_schema: f.json_schema.schema } };
}

/** Tools, `tool_choice` and `strict_tools` (https://docs.cohere.com/docs/tool-use-overview). */
function toolFields(req: ChatRequest, ctx: CodecContext, provider: string): Partial<CohereChatRequest> {
  const tools = req.tools ?? [];
  const out: Partial<CohereChatRequest> = {};
  if (tools.length) out.tools = tools.map(toCohereTool);
  const strict = tools.filter((t) => t.strict === true).length;
  if (strict > 0 && strict === tools.length) out.strict_tools = true;
  else if (strict > 0) {
    dropOrThrow(ctx, provider, "tools[].strict", "Cohere's strict_tools applies to all tools or none");
  }
  const choice = toCohereToolChoice(req.tool_choice, tools, ctx, provider);
  if (choice) out.tool_choice = choice;
  return out;
}

function toCohereTool(t: ToolDefinition): CohereTool {
  return {
    type: "function",
    function: {
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      // why: Cohere requires `parameters` (https://docs.cohere.com/reference/chat#request.body.tools);
      // a tool without arguments gets the empty object schema (fixture fidelity/tool-without-parameters.json).
      parameters: t.parameters ?? emptyObjectSchema(),
    },
  };
}

/** The JSON Schema of a function that takes no arguments. */
export function emptyObjectSchema(): Record<string, unknown> {
  return { type: "object", properties: {} };
}

/**
 * Cohere has `REQUIRED` and `NONE`; `auto` is the default (omitted). A named tool cannot be
 * forced, except when it is the only tool offered: then `REQUIRED` means exactly that
 * (fixture `requests/chat-tool-result.json`).
 */
function toCohereToolChoice(
  choice: ToolChoice | undefined,
  tools: ToolDefinition[],
  ctx: CodecContext,
  provider: string,
): "REQUIRED" | "NONE" | undefined {
  if (!choice || choice.type === "auto") return undefined;
  if (choice.type === "none") return "NONE";
  if (choice.type === "required") return "REQUIRED";
  if (tools.length === 1 && tools[0]?.name === choice.name) return "REQUIRED";
  dropOrThrow(ctx, provider, "tool_choice", "Cohere cannot force one named tool among several");
  return undefined;
}

/**
 * Reasoning models take `thinking: {type: "enabled", token_budget}`
 * (https://docs.cohere.com/docs/reasoning). An effort without a budget enables thinking with
 * Cohere's default budget; `none` disables it.
 */
function thinking(req: ChatRequest, ctx: CodecContext, provider: string): Partial<CohereChatRequest> {
  const r = req.reasoning;
  if (!r) return {};
  if (r.budget_tokens !== undefined) return { thinking: { type: "enabled", token_budget: r.budget_tokens } };
  if (r.effort === undefined) return {};
  if (r.effort === "none") return { thinking: { type: "disabled" } };
  ctx.warn(
    `${provider}: reasoning.effort '${r.effort}' has no Cohere equivalent; thinking enabled with the default budget`,
  );
  return { thinking: { type: "enabled" } };
}

/** Canonical fields Cohere has no equivalent for. */
function checkUnsupported(req: ChatRequest, ctx: CodecContext, provider: string): void {
  if (req.n !== undefined && req.n > 1) dropOrThrow(ctx, provider, "n", "Cohere returns one choice");
  if (req.logit_bias && Object.keys(req.logit_bias).length) dropOrThrow(ctx, provider, "logit_bias");
  if (req.top_logprobs !== undefined && req.top_logprobs > 0) {
    dropOrThrow(ctx, provider, "top_logprobs", "Cohere returns the chosen tokens' log probabilities only");
  }
  if (req.parallel_tool_calls === false) {
    dropOrThrow(ctx, provider, "parallel_tool_calls", "Cohere may always call tools in parallel");
  }
  // `user` identifies the end user for abuse monitoring; Cohere has no such field. Refusing every
  // OpenAI client that sets it would be worse than saying so in a warning.
  if (req.user !== undefined) ctx.warn(`${provider}: 'user' has no Cohere equivalent and was not sent`);
  for (const [dialect, fields] of Object.entries(req.extra ?? {})) {
    const keys = Object.keys(fields ?? {});
    if (keys.length) ctx.warn(`${provider}: ${dialect} fields not sent to Cohere: ${keys.join(", ")}`);
  }
}

/**
 * Canonical chat request → OpenAI Chat Completions body
 * (https://platform.openai.com/docs/api-reference/chat/create), shaped by a profile.
 */
import type { ChatRequest, ResponseFormat, ToolChoice } from "../../canonical/index.js";
import type { CodecContext } from "../types.js";
import { toOpenAIMessages } from "./messages.js";
import { bodyModelOf, type OpenAIProfile, type OptionalParam } from "./profile.js";
import { refuseOrDrop } from "./unsupported.js";
import type { OpenAIChatRequest, OpenAITool, OpenAIToolChoice } from "./wire.js";

/** Encodes the body; `provider` is the configured provider name used in errors and warnings. */
export function toOpenAIChatBody(
  req: ChatRequest,
  ctx: CodecContext,
  profile: OpenAIProfile,
  provider: string,
): OpenAIChatRequest {
  const model = bodyModelOf(profile, ctx.target);
  const body: OpenAIChatRequest = {
    // Carried fields first, so that every canonical field below wins over a stale copy.
    ...req.extra?.openai,
    ...(model !== undefined ? { model } : {}),
    messages: toOpenAIMessages(req.messages, ctx, profile, provider),
  };
  if (req.tools?.length) body.tools = req.tools.map((t) => toOpenAITool(t, profile));
  if (req.tool_choice && req.tool_choice.type !== "auto" && profile.unsupported.has("tool_choice")) {
    refuseOrDrop(ctx, provider, "tool_choice", `${profile.label} ignores it`);
  } else if (req.tool_choice) body.tool_choice = toOpenAIToolChoice(req.tool_choice, profile);
  if (req.response_format) body.response_format = toOpenAIResponseFormat(req.response_format);
  copy(body, "temperature", req.temperature);
  copy(body, "top_p", req.top_p);
  copy(body, "stop", req.stop?.length ? req.stop : undefined);
  copy(body, profile.maxTokensField, req.max_tokens);
  setOptional(req, body, ctx, profile, provider);
  if (req.stream) {
    body.stream = true;
    // why: usage is always captured; OpenAI only sends it in a stream when asked (fixture
    // requests/chat-tools.json). Mistral sends it unasked and refuses the field.
    if (profile.streamOptions) body.stream_options = { include_usage: true };
  } else if ("stream" in body || "stream_options" in body) {
    delete body.stream;
    delete body.stream_options;
  }
  return body;
}

/** Parameters some profiles cannot serve: each goes through `refuseOrDrop` when refused. */
function setOptional(
  req: ChatRequest,
  body: OpenAIChatRequest,
  ctx: CodecContext,
  profile: OpenAIProfile,
  provider: string,
): void {
  const put = (param: OptionalParam, field: string, value: unknown): void => {
    if (value === undefined) return;
    if (profile.unsupported.has(param)) refuseOrDrop(ctx, provider, param);
    else body[field] = value;
  };
  put("top_k", "top_k", req.top_k);
  put("seed", profile.seedField, req.seed);
  if (req.n !== undefined && req.n > 1 && profile.singleChoiceOnly)
    refuseOrDrop(ctx, provider, "n", "n must be 1");
  else put("n", "n", req.n);
  put("presence_penalty", "presence_penalty", req.presence_penalty);
  put("frequency_penalty", "frequency_penalty", req.frequency_penalty);
  put("logprobs", "logprobs", req.logprobs);
  put("logprobs", "top_logprobs", req.top_logprobs);
  put("logit_bias", "logit_bias", req.logit_bias);
  if (req.tools?.length) put("parallel_tool_calls", "parallel_tool_calls", req.parallel_tool_calls);
  put("user", "user", req.user);
  if (req.reasoning?.budget_tokens !== undefined) {
    refuseOrDrop(ctx, provider, "reasoning.budget_tokens", "use reasoning.effort");
  }
  put("reasoning.effort", "reasoning_effort", req.reasoning?.effort);
}

function copy(body: OpenAIChatRequest, field: string, value: unknown): void {
  if (value !== undefined) body[field] = value;
}

/** https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools */
function toOpenAITool(t: NonNullable<ChatRequest["tools"]>[number], profile: OpenAIProfile): OpenAITool {
  const parameters =
    t.parameters ?? (profile.toolParametersRequired ? { type: "object", properties: {} } : undefined);
  return {
    type: "function",
    function: {
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      ...(parameters !== undefined ? { parameters } : {}),
      ...(t.strict !== undefined ? { strict: t.strict } : {}),
    },
  };
}

/** https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice */
function toOpenAIToolChoice(c: ToolChoice, profile: OpenAIProfile): OpenAIToolChoice {
  if (c.type === "tool") return { type: "function", function: { name: c.name } };
  if (c.type === "required") return profile.requiredToolChoice;
  return c.type;
}

/** https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format */
function toOpenAIResponseFormat(f: ResponseFormat): Record<string, unknown> {
  if (f.type !== "json_schema") return { type: f.type };
  const s = f.json_schema;
  return {
    type: "json_schema",
    json_schema: {
      name: s.name,
      ...(s.description !== undefined ? { description: s.description } : {}),
      ...(s.schema !== undefined ? { schema: s.schema } : {}),
      ...(s.strict !== undefined ? { strict: s.strict } : {}),
    },
  };
}

/**
 * Canonical request parameters → Messages API body fields
 * (https://docs.anthropic.com/en/api/messages): tools, tool choice, sampling, thinking,
 * structured output, and the refusals or warnings for what the API cannot serve.
 */

import type { ChatRequest } from "../../canonical/chat.js";
import type { CodecContext } from "../types.js";
import { closeObjects, openObjectDetail } from "./closed-schema.js";
import { unsupported } from "./unsupported.js";
import type { AnthropicMessagesRequest, AnthropicTool, AnthropicToolChoice } from "./wire.js";

/**
 * `reasoning.effort` → `thinking.budget_tokens`. Anthropic takes a token budget (at least 1024),
 * not an effort level; `none` turns thinking off. Every budget plus the default 4096 output
 * tokens stays under the 32k output limit of the smallest thinking model.
 */
export const EFFORT_BUDGETS: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
  max: 27648,
};

/** Tools (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use). */
export function toAnthropicTools(req: ChatRequest): Pick<AnthropicMessagesRequest, "tools" | "tool_choice"> {
  if (!req.tools?.length) return {};
  const tools: AnthropicTool[] = req.tools.map((t) => {
    const schema = t.parameters ?? { type: "object", properties: {} };
    return {
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      // why: the API requires `input_schema.type: "object"`; OpenAI tools may omit it.
      input_schema: "type" in schema ? schema : { type: "object", ...schema },
      ...(t.strict ? { strict: true } : {}),
    };
  });
  const choice = toToolChoice(req);
  return { tools, ...(choice ? { tool_choice: choice } : {}) };
}

function toToolChoice(req: ChatRequest): AnthropicToolChoice | undefined {
  const noParallel = req.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  switch (req.tool_choice?.type) {
    case undefined:
      return req.parallel_tool_calls === false ? { type: "auto", ...noParallel } : undefined;
    case "auto":
      return { type: "auto", ...noParallel };
    case "none":
      return { type: "none" };
    case "required":
      return { type: "any", ...noParallel };
    case "tool":
      return { type: "tool", name: req.tool_choice.name, ...noParallel };
  }
}

/** Sampling and limits: max_tokens, stop_sequences, temperature, top_p, top_k, metadata.user_id. */
export function toAnthropicSampling(
  req: ChatRequest,
  ctx: CodecContext,
  provider: string,
): Partial<AnthropicMessagesRequest> {
  const out: Partial<AnthropicMessagesRequest> = {};
  if (req.stop?.length) out.stop_sequences = req.stop;
  if (req.temperature !== undefined) {
    if (req.temperature > 1) {
      unsupported(ctx, provider, "temperature", "Anthropic accepts 0 to 1; sent 1", "clamped");
      out.temperature = 1;
    } else out.temperature = req.temperature;
  }
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.top_k !== undefined) out.top_k = req.top_k;
  const user = req.user ?? req.metadata?.user;
  if (user) out.metadata = { user_id: user };
  return out;
}

/** Extended thinking (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking). */
export function toAnthropicThinking(
  req: ChatRequest,
  ctx: CodecContext,
  provider: string,
): { type: "enabled"; budget_tokens: number } | undefined {
  const r = req.reasoning;
  if (!r) return undefined;
  if (r.budget_tokens !== undefined) return { type: "enabled", budget_tokens: r.budget_tokens };
  if (r.effort === undefined || r.effort === "none") return undefined;
  const budget = EFFORT_BUDGETS[r.effort];
  if (budget === undefined) {
    unsupported(ctx, provider, "reasoning.effort", `unknown effort '${r.effort}'`);
    return undefined;
  }
  return { type: "enabled", budget_tokens: budget };
}

/**
 * `max_tokens` is required. Without a client value the configured default is sent, raised above
 * the thinking budget because the API wants `budget_tokens < max_tokens`.
 */
export function toMaxTokens(req: ChatRequest, defaultMax: number, budget: number | undefined): number {
  if (req.max_tokens !== undefined) return req.max_tokens;
  return budget !== undefined && budget >= defaultMax ? budget + defaultMax : defaultMax;
}

/**
 * `response_format`: a JSON schema becomes `output_config.format` (structured outputs, the answer
 * comes back as text). JSON mode is the JSON tool by now (json-mode.ts); a json_schema without a
 * schema has nothing to send.
 */
export function toOutputFormat(
  req: ChatRequest,
  ctx: CodecContext,
  provider: string,
): { type: "json_schema"; schema: Record<string, unknown> } | undefined {
  const rf = req.response_format;
  if (!rf || rf.type === "text") return undefined;
  if (rf.type === "json_object" || !rf.json_schema.schema) {
    unsupported(
      ctx,
      provider,
      "response_format",
      "structured outputs need a JSON schema (json_schema.schema)",
    );
    return undefined;
  }
  const closed = closeObjects(rf.json_schema.schema);
  if (closed.open) {
    unsupported(ctx, provider, "response_format", openObjectDetail(closed.open));
    return undefined;
  }
  return { type: "json_schema", schema: closed.schema };
}

/** Canonical parameters the Messages API has no field for. */
export function checkUnsupported(req: ChatRequest, ctx: CodecContext, provider: string): void {
  if (req.seed !== undefined) unsupported(ctx, provider, "seed", "the Messages API has no seed");
  if (req.n !== undefined && req.n > 1)
    unsupported(ctx, provider, "n", "the Messages API returns one choice");
  if (req.logprobs || req.top_logprobs !== undefined) {
    unsupported(ctx, provider, "logprobs", "the Messages API returns no log probabilities");
  }
  if (req.logit_bias && Object.keys(req.logit_bias).length) {
    unsupported(ctx, provider, "logit_bias", "the Messages API has no logit bias");
  }
  if (req.presence_penalty)
    unsupported(ctx, provider, "presence_penalty", "the Messages API has no penalties");
  if (req.frequency_penalty)
    unsupported(ctx, provider, "frequency_penalty", "the Messages API has no penalties");
  const openaiOnly = Object.keys(req.extra?.openai ?? {});
  if (openaiOnly.length) ctx.warn(`${provider}: OpenAI-only fields not sent: ${openaiOnly.join(", ")}`);
}

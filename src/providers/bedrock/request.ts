/**
 * Canonical chat request → Converse / ConverseStream request
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_RequestSyntax).
 */

import type { ChatRequest } from "../../canonical/chat.js";
import { CARRY_KEYS } from "../anthropic/carried.js";
import { closeObjects, openObjectDetail } from "../anthropic/closed-schema.js";
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from "../anthropic/config.js";
import { withJsonTool } from "../anthropic/json-mode.js";
import { EFFORT_BUDGETS, toMaxTokens } from "../anthropic/request-params.js";
import { fitThinking, type ThinkingFields } from "../anthropic/thinking-fit.js";
import { joinUrl } from "../base-schema.js";
import type { CodecContext, UpstreamRequest } from "../types.js";
import type { BedrockSigner } from "./auth.js";
import { bedrockFamily, encodeModelId } from "./family.js";
import { toBedrockMessages, toBedrockSystem } from "./messages.js";
import { type EncodeScope, refuse } from "./scope.js";
import { toBedrockToolConfig } from "./tools.js";
import type { BedrockConverseRequest, BedrockInferenceConfig } from "./wire.js";

/** What encoding needs from the provider instance. */
export interface BedrockTransport {
  provider: string;
  baseUrl: string;
  headers: Record<string, string>;
  signer: BedrockSigner;
}

/** Encodes, signs, and addresses one chat request. */
export async function encodeBedrockChat(
  req: ChatRequest,
  ctx: CodecContext,
  t: BedrockTransport,
): Promise<UpstreamRequest> {
  const body = JSON.stringify(toConverseRequest(req, ctx, t.provider));
  const op = req.stream ? "converse-stream" : "converse";
  const url = joinUrl(t.baseUrl, `/model/${encodeModelId(ctx.target.model)}/${op}`);
  const headers = {
    ...t.headers,
    "content-type": "application/json",
    accept: req.stream ? "application/vnd.amazon.eventstream" : "application/json",
  };
  return t.signer.sign(url, headers, body);
}

/** The Converse request body. */
export function toConverseRequest(
  asked: ChatRequest,
  ctx: CodecContext,
  provider: string,
): BedrockConverseRequest {
  const scope: EncodeScope = { provider, ctx, family: bedrockFamily(ctx.target) };
  // JSON mode as a forced tool, for the families whose Converse toolChoice can force one.
  const req = JSON_TOOL_FAMILIES.has(scope.family) ? withJsonTool(asked, ctx, provider) : asked;
  refuseUnsupported(req, scope);
  const system = toBedrockSystem(req.messages, scope);
  const toolConfig = toBedrockToolConfig(req, scope);
  let inferenceConfig = toInferenceConfig(req);
  let additional = toAdditionalFields(req, scope);
  if (scope.family === "anthropic") {
    ({ inferenceConfig, additional } = fitClaudeThinking(req, scope, inferenceConfig, additional));
  }
  const outputConfig = toOutputConfig(req, scope);
  // Converse does not say which stop sequence fired; Anthropic's native field can be asked for.
  const askStop = scope.family === "anthropic" && (req.stop?.length ?? 0) > 0;
  return {
    messages: toBedrockMessages(req.messages, scope),
    ...(system.length ? { system } : {}),
    ...(inferenceConfig ? { inferenceConfig } : {}),
    ...(toolConfig ? { toolConfig } : {}),
    ...(outputConfig ? { outputConfig } : {}),
    ...(additional ? { additionalModelRequestFields: additional } : {}),
    ...(askStop ? { additionalModelResponseFieldPaths: ["/stop_sequence"] } : {}),
  };
}

/**
 * Claude's thinking rules on Bedrock are the Messages API's (thinking-fit.ts): the fields live in
 * `inferenceConfig` (maxTokens, temperature, topP) and the native ones (thinking, top_k). Without
 * a client max_tokens, an effort-derived budget gets room above it, as the anthropic provider does.
 */
function fitClaudeThinking(
  req: ChatRequest,
  scope: EncodeScope,
  inference: BedrockInferenceConfig | undefined,
  additional: Record<string, unknown> | undefined,
): { inferenceConfig: BedrockInferenceConfig | undefined; additional: Record<string, unknown> | undefined } {
  const thinking = additional?.thinking as ThinkingFields["thinking"];
  if (!thinking) return { inferenceConfig: inference, additional };
  const derived = req.reasoning?.budget_tokens === undefined;
  const budget = thinking.budget_tokens;
  const f: ThinkingFields = {
    thinking,
    max_tokens:
      inference?.maxTokens ??
      (budget !== undefined ? toMaxTokens(req, ANTHROPIC_DEFAULT_MAX_TOKENS, budget) : undefined),
    ...(inference?.temperature !== undefined ? { temperature: inference.temperature } : {}),
    ...(inference?.topP !== undefined ? { top_p: inference.topP } : {}),
    ...(additional?.top_k !== undefined ? { top_k: additional.top_k as number } : {}),
  };
  fitThinking(f, derived, scope.ctx, scope.provider);
  const { temperature: _t, topP: _p, maxTokens: _m, ...restInference } = inference ?? {};
  const c: BedrockInferenceConfig = {
    ...restInference,
    ...(f.max_tokens !== undefined ? { maxTokens: f.max_tokens } : {}),
    ...(f.temperature !== undefined ? { temperature: f.temperature } : {}),
    ...(f.top_p !== undefined ? { topP: f.top_p } : {}),
  };
  const { thinking: _th, top_k: _k, ...restAdditional } = additional ?? {};
  const a = {
    ...restAdditional,
    ...(f.thinking ? { thinking: f.thinking } : {}),
    ...(f.top_k !== undefined ? { top_k: f.top_k } : {}),
  };
  return {
    inferenceConfig: Object.keys(c).length ? c : undefined,
    additional: Object.keys(a).length ? a : undefined,
  };
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InferenceConfiguration.html */
function toInferenceConfig(req: ChatRequest): BedrockInferenceConfig | undefined {
  const c: BedrockInferenceConfig = {};
  if (req.max_tokens !== undefined) c.maxTokens = req.max_tokens;
  if (req.temperature !== undefined) c.temperature = req.temperature;
  if (req.top_p !== undefined) c.topP = req.top_p;
  if (req.stop?.length) c.stopSequences = req.stop;
  return Object.keys(c).length ? c : undefined;
}

/** Parameters no Converse model serves. */
function refuseUnsupported(req: ChatRequest, scope: EncodeScope): void {
  if (req.seed !== undefined) refuse(scope, "seed", "Converse has no seed");
  if (req.n !== undefined && req.n > 1) refuse(scope, "n", "Converse returns one choice");
  if (req.presence_penalty) refuse(scope, "presence_penalty", "Converse has no penalties");
  if (req.frequency_penalty) refuse(scope, "frequency_penalty", "Converse has no penalties");
  if (req.logprobs) refuse(scope, "logprobs", "Converse returns no log probabilities");
  if (req.top_logprobs) refuse(scope, "top_logprobs", "Converse returns no log probabilities");
  if (req.logit_bias && Object.keys(req.logit_bias).length)
    refuse(scope, "logit_bias", "Converse has no logit bias");
}

/**
 * Families whose Converse `toolChoice` takes `any` and `tool`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html), so JSON
 * mode can be the JSON tool (anthropic/json-mode.ts). `outputConfig` cannot serve it: Bedrock's
 * structured outputs want `additionalProperties: false` on every object, so no open schema.
 */
const JSON_TOOL_FAMILIES = new Set(["anthropic", "amazon"]);

/**
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_OutputConfig.html: a JSON
 * schema is served natively (models with structured-output support). JSON mode reaches here only
 * for families without a forced tool choice, and is unsupported there.
 */
function toOutputConfig(req: ChatRequest, scope: EncodeScope): BedrockConverseRequest["outputConfig"] {
  const rf = req.response_format;
  if (!rf || rf.type === "text") return undefined;
  if (rf.type === "json_object") {
    refuse(
      scope,
      "response_format",
      `Converse has no JSON mode without a schema, and ${scope.family} models cannot be forced to a tool; send a json_schema`,
    );
    return undefined;
  }
  const s = rf.json_schema;
  const closed = closeObjects(s.schema ?? { type: "object" });
  if (closed.open) {
    refuse(scope, "response_format", openObjectDetail(closed.open));
    return undefined;
  }
  return {
    textFormat: {
      type: "json_schema",
      structure: {
        jsonSchema: {
          // The schema is a JSON *string* on the wire (JsonSchemaDefinition.schema).
          schema: JSON.stringify(closed.schema),
          name: s.name,
          ...(s.description ? { description: s.description } : {}),
        },
      },
    },
  };
}

/**
 * Model-specific fields (`additionalModelRequestFields`), passed to the model's native API:
 * Anthropic `top_k`, `thinking` (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html),
 * Amazon Nova `inferenceConfig.topK` and `reasoningConfig`
 * (https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html).
 */
function toAdditionalFields(req: ChatRequest, scope: EncodeScope): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const fam = scope.family;
  if (req.top_k !== undefined) {
    if (fam === "anthropic") out.top_k = req.top_k;
    else if (fam === "amazon") out.inferenceConfig = { topK: req.top_k };
    else refuse(scope, "top_k", `no known top_k field for ${fam} models on Bedrock`);
  }
  const r = req.reasoning;
  if (r?.budget_tokens !== undefined && fam === "anthropic") {
    out.thinking = { type: "enabled", budget_tokens: r.budget_tokens };
  } else if (r?.effort && fam === "anthropic" && (r.effort === "none" || EFFORT_BUDGETS[r.effort])) {
    // The same effort → budget table as the anthropic provider: Claude is Claude on Bedrock.
    const budget = EFFORT_BUDGETS[r.effort];
    if (budget) out.thinking = { type: "enabled", budget_tokens: budget };
  } else if (r?.effort && fam === "amazon" && ["low", "medium", "high"].includes(r.effort)) {
    out.reasoningConfig = { type: "enabled", maxReasoningEffort: r.effort };
  } else if (r && (r.budget_tokens !== undefined || r.effort)) {
    const want =
      fam === "anthropic" ? "a budget (reasoning.budget_tokens)" : "an effort of low, medium or high";
    refuse(
      scope,
      "reasoning",
      fam === "anthropic" || fam === "amazon"
        ? `${fam} models take ${want}`
        : `no known reasoning field for ${fam} models`,
    );
  }
  carryExtras(req, scope, out);
  return Object.keys(out).length ? out : undefined;
}

/**
 * Anthropic-dialect fields with no place in Claude's native body on Bedrock: `metadata` (Bedrock's
 * Claude request has none; Converse's `requestMetadata` is for invocation logs, not the model)
 * and `stream` (the operation says it).
 */
const NOT_FOR_CLAUDE = new Set(["metadata", "stream"]);

/**
 * Fields only the client's dialect knows. An Anthropic client's top-level fields that canonical
 * form does not model (`anthropic_beta`, `context_management`, a newer `output_config` key, …)
 * reach Claude as they came: AWS passes `additionalModelRequestFields` to the model's native API
 * ("Additional inference parameters that the model supports", API_runtime_Converse.html), and
 * Bedrock's Claude validates them, as Vertex's does (same-family carry, DESIGN.md). Fields Tollgate
 * mapped itself win. Block-level carries (documents, citations) have no Converse place; those and
 * every other dialect's extras are dropped with a warning, never silently.
 */
function carryExtras(req: ChatRequest, scope: EncodeScope, out: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(req.extra?.anthropic ?? {})) {
    if (scope.family === "anthropic" && !CARRY_KEYS.has(key) && !NOT_FOR_CLAUDE.has(key)) {
      if (!(key in out)) out[key] = value;
    } else scope.ctx.warn(`bedrock: dropped anthropic field '${key}': not accepted by Converse`);
  }
  for (const key of Object.keys(req.extra?.openai ?? {})) {
    scope.ctx.warn(`bedrock: dropped openai field '${key}': not accepted by Converse`);
  }
}

/**
 * Canonical chat request → Gemini `GenerateContentRequest` body
 * (https://ai.google.dev/api/generate-content#request-body). Shared by the `gemini` (AI Studio) and
 * `vertex` providers: only the URL and the credentials differ.
 */
import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { type EncodeScope, toGeminiMessages } from "./messages.js";
import { toGeminiSchema } from "./schema.js";
import type {
  GeminiGenerateContentRequest,
  GeminiGenerationConfig,
  GeminiTool,
  GeminiToolConfig,
} from "./wire.js";

/** Thinking budgets for OpenAI-style `reasoning_effort` (Gemini 2.5 ranges; Gemini 3 accepts them too). */
const BUDGET_BY_EFFORT: Record<string, number> = {
  none: 0,
  minimal: 0,
  low: 1024,
  medium: 8192,
  high: 24576,
  // OpenAI's levels above high: the largest budget every thinking Gemini model takes (2.5 Flash's).
  xhigh: 24576,
  max: 24576,
};

/** Builds the body. Parameters Gemini cannot serve follow `ctx.onUnsupported`. */
export function toGeminiRequest(req: ChatRequest, scope: EncodeScope): GeminiGenerateContentRequest {
  const body: GeminiGenerateContentRequest = toGeminiMessages(req.messages, scope);
  if (req.tools?.length) body.tools = [toGeminiTools(req.tools, scope)];
  const toolConfig = req.tool_choice ? toToolConfig(req.tool_choice) : undefined;
  if (toolConfig) body.toolConfig = toolConfig;
  const generationConfig = toGenerationConfig(req, scope);
  if (Object.keys(generationConfig).length) body.generationConfig = generationConfig;
  checkUnsupported(req, scope);
  return body;
}

/** https://ai.google.dev/api/caching#FunctionDeclaration */
function toGeminiTools(tools: ToolDefinition[], scope: EncodeScope): GeminiTool {
  return {
    functionDeclarations: tools.map((t) => {
      const dropped: string[] = [];
      const parameters = t.parameters ? toGeminiSchema(t.parameters, dropped) : undefined;
      warnDropped(scope, `tool '${t.name}' parameters`, dropped);
      if (t.strict) scope.ctx.warn(`${scope.provider}: tool '${t.name}': Gemini has no strict mode; ignored`);
      return {
        name: t.name,
        ...(t.description !== undefined ? { description: t.description } : {}),
        // Gemini refuses an object schema without properties; a tool without parameters omits it.
        ...(parameters && hasProperties(parameters) ? { parameters } : {}),
      };
    }),
  };
}

function hasProperties(schema: Record<string, unknown>): boolean {
  const props = schema.properties;
  return (
    schema.type !== "object" || (typeof props === "object" && props !== null && Object.keys(props).length > 0)
  );
}

/** https://ai.google.dev/api/caching#FunctionCallingConfig */
function toToolConfig(choice: ToolChoice): GeminiToolConfig {
  switch (choice.type) {
    case "auto":
      return { functionCallingConfig: { mode: "AUTO" } };
    case "none":
      return { functionCallingConfig: { mode: "NONE" } };
    case "required":
      return { functionCallingConfig: { mode: "ANY" } };
    case "tool":
      return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } };
  }
}

/** https://ai.google.dev/api/generate-content#generationconfig */
function toGenerationConfig(req: ChatRequest, scope: EncodeScope): GeminiGenerationConfig {
  const g: GeminiGenerationConfig = {};
  if (req.temperature !== undefined) g.temperature = req.temperature;
  if (req.top_p !== undefined) g.topP = req.top_p;
  if (req.top_k !== undefined) g.topK = req.top_k;
  if (req.max_tokens !== undefined) g.maxOutputTokens = req.max_tokens;
  if (req.stop?.length) g.stopSequences = req.stop;
  if (req.seed !== undefined) g.seed = req.seed;
  if (req.n !== undefined && req.n !== 1) g.candidateCount = req.n;
  if (req.presence_penalty !== undefined) g.presencePenalty = req.presence_penalty;
  if (req.frequency_penalty !== undefined) g.frequencyPenalty = req.frequency_penalty;
  if (req.logprobs) g.responseLogprobs = true;
  if (req.top_logprobs !== undefined) g.logprobs = req.top_logprobs;
  if (req.response_format) Object.assign(g, toResponseFormat(req.response_format, scope));
  if (req.reasoning) {
    const { budget_tokens: budget, effort } = req.reasoning;
    const thinkingBudget = budget ?? (effort !== undefined ? BUDGET_BY_EFFORT[effort] : undefined);
    if (effort !== undefined && thinkingBudget === undefined) {
      // why: an effort Gemini has no budget for is unsupported like any parameter, so
      // `on_unsupported: drop` drops it with a warning rather than failing the request.
      if (scope.ctx.onUnsupported !== "drop")
        throw GatewayError.unsupported(
          "reasoning_effort",
          scope.provider,
          `no thinking budget for effort '${effort}'`,
        );
      scope.ctx.warn(`${scope.provider}: dropped 'reasoning_effort' '${effort}' (no thinking budget for it)`);
    }
    g.thinkingConfig = {
      ...(thinkingBudget !== undefined ? { thinkingBudget } : {}),
      includeThoughts: thinkingBudget !== 0,
    };
  }
  return g;
}

/** JSON mode and structured output (https://ai.google.dev/gemini-api/docs/structured-output). */
function toResponseFormat(format: ResponseFormat, scope: EncodeScope): GeminiGenerationConfig {
  if (format.type === "text") return {};
  if (format.type === "json_object" || !format.json_schema.schema)
    return { responseMimeType: "application/json" };
  const dropped: string[] = [];
  const responseSchema = toGeminiSchema(format.json_schema.schema, dropped);
  warnDropped(scope, "response_format schema", dropped);
  return { responseMimeType: "application/json", responseSchema };
}

function warnDropped(scope: EncodeScope, what: string, dropped: string[]): void {
  if (dropped.length === 0) return;
  scope.ctx.warn(
    `${scope.provider}: ${what}: removed JSON Schema keywords Gemini does not accept: ${dropped.join(", ")}`,
  );
}

/** Canonical fields with no Gemini counterpart: refused, or dropped with a warning. */
function checkUnsupported(req: ChatRequest, scope: EncodeScope): void {
  const { ctx, provider } = scope;
  const unsupported: string[] = [];
  if (req.logit_bias && Object.keys(req.logit_bias).length) unsupported.push("logit_bias");
  if (req.parallel_tool_calls === false) unsupported.push("parallel_tool_calls");
  for (const param of unsupported) {
    if (ctx.onUnsupported !== "drop") throw GatewayError.unsupported(param, provider);
    ctx.warn(`${provider}: dropped unsupported parameter '${param}'`);
  }
  // Neither changes the answer: `user` is an abuse-tracking id Gemini has no field for, and
  // dialect-specific extras belong to the OpenAI or Anthropic wire formats.
  if (req.user !== undefined) ctx.warn(`${provider}: 'user' is not sent (Gemini has no such field)`);
  for (const [dialect, fields] of Object.entries(req.extra ?? {})) {
    const keys = Object.keys(fields ?? {});
    if (keys.length) ctx.warn(`${provider}: ignored ${dialect}-only fields: ${keys.join(", ")}`);
  }
}

/**
 * OpenTelemetry GenAI semantic conventions: attribute names and setters for request, attempt
 * and response spans. Every setter returns at once on a non-recording span, so callers need not
 * check whether tracing is on.
 * https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/
 */
import { type Attributes, type Span, SpanStatusCode } from "@opentelemetry/api";
import { PROVIDERS } from "../providers/registry.js";

/** Attribute names used here (semconv GenAI, development status). */
export const GEN_AI = {
  operation: "gen_ai.operation.name",
  /** Deprecated in favour of `gen_ai.provider.name`; still set, many backends read it. */
  system: "gen_ai.system",
  provider: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  maxTokens: "gen_ai.request.max_tokens",
  temperature: "gen_ai.request.temperature",
  topP: "gen_ai.request.top_p",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  finishReasons: "gen_ai.response.finish_reasons",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
} as const;

/**
 * The semconv provider name for a Tollgate provider type, as the provider's folder declares it
 * (`ProviderDefinition.telemetry`); a type that declares none is used as given.
 */
export function genAiProviderName(providerType: string): string {
  return PROVIDERS.get(providerType)?.telemetry?.genAiProviderName ?? providerType;
}

/** The GenAI operation: `chat` for chat completions and messages, `embeddings`. */
export type GenAiOperation = "chat" | "embeddings" | "text_completion";

/** Request parameters worth a span attribute (a canonical ChatRequest fits). */
export interface GenAiRequestInfo {
  model?: string | null;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
}

/** What the response says (a canonical ChatResponse's fields, or a folded stream's). */
export interface GenAiResponseInfo {
  id?: string | null;
  model?: string | null;
  finish_reasons?: readonly string[];
  usage?: { input_tokens: number | null; output_tokens: number | null } | null;
}

/** Sets `gen_ai.request.*` attributes. */
export function setRequestAttributes(span: Span, req: GenAiRequestInfo): void {
  if (!span.isRecording()) return;
  const a: Attributes = {};
  if (req.model) a[GEN_AI.requestModel] = req.model;
  if (req.max_tokens !== undefined) a[GEN_AI.maxTokens] = req.max_tokens;
  if (req.temperature !== undefined) a[GEN_AI.temperature] = req.temperature;
  if (req.top_p !== undefined) a[GEN_AI.topP] = req.top_p;
  span.setAttributes(a);
}

/** Sets `gen_ai.response.*` and `gen_ai.usage.*` attributes. */
export function setResponseAttributes(span: Span, res: GenAiResponseInfo): void {
  if (!span.isRecording()) return;
  const a: Attributes = {};
  if (res.id) a[GEN_AI.responseId] = res.id;
  if (res.model) a[GEN_AI.responseModel] = res.model;
  if (res.finish_reasons) a[GEN_AI.finishReasons] = [...res.finish_reasons];
  if (res.usage?.input_tokens != null) a[GEN_AI.inputTokens] = res.usage.input_tokens;
  if (res.usage?.output_tokens != null) a[GEN_AI.outputTokens] = res.usage.output_tokens;
  span.setAttributes(a);
}

/**
 * Ends a span; with an error, marks it failed and sets `error.type` to the stable error code
 * (a GatewayError's `code`) or the error's class name.
 */
export function endSpan(span: Span, error?: unknown): void {
  if (!span.isRecording()) return;
  if (error !== undefined) {
    const code = (error as { code?: unknown }).code;
    const type = typeof code === "string" ? code : error instanceof Error ? error.name : "error";
    span.setAttribute("error.type", type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : type });
  }
  span.end();
}

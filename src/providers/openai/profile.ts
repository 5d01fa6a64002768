/**
 * What differs between OpenAI-compatible APIs, as data. The OpenAI codec (request, response,
 * stream, embeddings) reads a profile; Azure, Mistral and the self-hosted servers are profiles
 * plus a transport (URL and auth), not copies of the codec.
 */
import type { FinishReason } from "../../canonical/index.js";
import type { Target } from "../types.js";

/** Canonical parameters a profile can refuse (their names are what `unsupported` reports). */
export type OptionalParam =
  | "top_k"
  | "n"
  | "logprobs"
  | "logit_bias"
  | "seed"
  | "reasoning.effort"
  | "user"
  | "parallel_tool_calls"
  | "presence_penalty"
  | "frequency_penalty"
  /** Any `tool_choice` other than `auto` (Ollama ignores the field). */
  | "tool_choice";

export interface OpenAIProfile {
  /** Human name used in warnings ("OpenAI", "Mistral", "vLLM"). */
  label: string;
  /** Field for canonical `max_tokens`. */
  maxTokensField: "max_completion_tokens" | "max_tokens";
  /** Ask for stream usage with `stream_options: {include_usage: true}`. */
  streamOptions: boolean;
  /** Field for canonical `seed` (Mistral: `random_seed`). */
  seedField: "seed" | "random_seed";
  /** The wire value of tool_choice "required" (Mistral: `any`). */
  requiredToolChoice: "required" | "any";
  /** The API knows the `developer` role; otherwise developer messages are sent as `system`. */
  developerRole: boolean;
  /** Canonical parameters this API cannot serve. */
  unsupported: ReadonlySet<OptionalParam>;
  /** `n` above 1 is refused (Groq). */
  singleChoiceOnly?: boolean;
  /** Response/delta fields that hold reasoning text (DeepSeek `reasoning_content`, Ollama `reasoning`). */
  reasoningFields: ReadonlyArray<"reasoning_content" | "reasoning">;
  /**
   * Field that carries an assistant turn's reasoning back upstream (DeepSeek `reasoning_content`,
   * which its thinking mode requires on every assistant turn with tool calls). Without it, thinking
   * in the history is not sent.
   */
  reasoningReplayField?: "reasoning_content";
  /** Image parts must be base64 data URLs (Ollama); an http(s) URL is refused or dropped. */
  dataUrlImagesOnly?: boolean;
  /** Send `model` in the body (Azure's dated versions name the deployment in the URL instead). */
  modelInBody: boolean;
  /** The body's `model` for a target (default: the target's model; Azure's v1 API: the deployment). */
  bodyModel?: (target: Target) => string;
  /** Provider-specific finish reasons beyond OpenAI's (Mistral `model_length`). */
  finishReasons?: Readonly<Record<string, FinishReason>>;
  /** Rewrites tool call ids sent upstream (Mistral accepts only 9 alphanumerics). */
  toolCallId?: (id: string) => string;
  /**
   * The API refuses message fields it does not declare: `name` on system/user/assistant messages
   * and `refusal` on assistant messages are left out (Mistral answers them with 422).
   */
  declaredMessageFieldsOnly?: boolean;
  /** Every function tool must carry `parameters` (Mistral); a tool without gets the empty object schema. */
  toolParametersRequired?: boolean;
  /** Embeddings field for canonical `dimensions` (Mistral: `output_dimension`). */
  dimensionsField: "dimensions" | "output_dimension";
}

/** OpenAI itself: https://platform.openai.com/docs/api-reference/chat/create */
export const OPENAI_PROFILE: OpenAIProfile = {
  label: "OpenAI",
  // why: o-series and gpt-5 reasoning models reject `max_tokens`; `max_completion_tokens` works for
  // every current chat model (fixture requests/chat-system-multiturn.json).
  maxTokensField: "max_completion_tokens",
  streamOptions: true,
  seedField: "seed",
  requiredToolChoice: "required",
  developerRole: true,
  unsupported: new Set<OptionalParam>(["top_k"]),
  reasoningFields: [],
  modelInBody: true,
  dimensionsField: "dimensions",
};

/** OpenAI's finish reasons: https://platform.openai.com/docs/api-reference/chat/object */
export const OPENAI_FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  function_call: "tool_calls",
  content_filter: "content_filter",
};

/** The `model` an upstream body names for a target, or undefined where the URL names it. */
export function bodyModelOf(profile: OpenAIProfile, target: Target): string | undefined {
  if (!profile.modelInBody) return undefined;
  return profile.bodyModel ? profile.bodyModel(target) : target.model;
}

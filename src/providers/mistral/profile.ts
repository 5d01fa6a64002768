/**
 * How Mistral's chat API (https://docs.mistral.ai/api/#tag/chat) differs from OpenAI's; the codec
 * is the OpenAI-compatible base.
 */
import { OPENAI_PROFILE, type OpenAIProfile } from "../openai/profile.js";
import { toMistralToolCallId } from "./tool-ids.js";

export const MISTRAL_PROFILE: OpenAIProfile = {
  ...OPENAI_PROFILE,
  label: "Mistral",
  maxTokensField: "max_tokens",
  // why: Mistral refuses unknown fields and sends usage in the last chunk unasked
  // (fixture streams/text.sse).
  streamOptions: false,
  seedField: "random_seed",
  requiredToolChoice: "any",
  developerRole: false,
  // reasoning_effort is accepted (none … xhigh): `ChatCompletionRequest.reasoningEffort` in the
  // official SDK's types (@mistralai/mistralai 2.7, fixture fidelity/reasoning-effort.json).
  unsupported: new Set(["top_k", "logprobs", "logit_bias", "user"]),
  reasoningFields: [],
  finishReasons: { model_length: "length", error: "error" },
  toolCallId: toMistralToolCallId,
  // why: the SDK's UserMessage/SystemMessage/AssistantMessage declare no `name` and no `refusal`,
  // and `FunctionT.parameters` is required; the API refuses both with 422
  // (fixtures fidelity/message-fields.json and fidelity/tool-without-parameters.json).
  declaredMessageFieldsOnly: true,
  toolParametersRequired: true,
  dimensionsField: "output_dimension",
};

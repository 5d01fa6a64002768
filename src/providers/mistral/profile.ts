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
  unsupported: new Set(["top_k", "logprobs", "logit_bias", "user", "reasoning.effort"]),
  reasoningFields: [],
  finishReasons: { model_length: "length", error: "error" },
  toolCallId: toMistralToolCallId,
  dimensionsField: "output_dimension",
};

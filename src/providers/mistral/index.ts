/**
 * The `mistral` provider: Mistral's chat completions and embeddings (https://docs.mistral.ai/api/).
 * The OpenAI-compatible base with Mistral's profile; no same-dialect passthrough, because a raw
 * OpenAI body carries fields Mistral refuses (`max_completion_tokens`, `seed`, `stream_options`).
 */
import { joinUrl } from "../base-schema.js";
import { createOpenAIFamilyProvider, originOf } from "../openai/family.js";
import type { ProviderDefinition } from "../types.js";
import { MISTRAL_DEFAULT_BASE_URL, type MistralConfig, mistralConfigSchema } from "./config.js";
import prices from "./prices.json" with { type: "json" };
import { MISTRAL_PROFILE } from "./profile.js";

export const mistralProvider: ProviderDefinition<MistralConfig> = {
  type: "mistral",
  schema: mistralConfigSchema,
  telemetry: { genAiProviderName: "mistral_ai" },
  prices,
  create(name, config) {
    const base = config.base_url ?? MISTRAL_DEFAULT_BASE_URL;
    const chatUrl = joinUrl(base, "/chat/completions");
    const embeddingsUrl = joinUrl(base, "/embeddings");
    return createOpenAIFamilyProvider({
      name,
      type: "mistral",
      profile: MISTRAL_PROFILE,
      passthrough: false,
      transport: {
        origin: originOf(base),
        url: (op) => (op === "chat" ? chatUrl : embeddingsUrl),
        headers: { ...config.headers, authorization: `Bearer ${config.api_key}` },
      },
    });
  },
};

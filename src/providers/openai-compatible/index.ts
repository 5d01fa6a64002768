/**
 * The `openai-compatible` provider: self-hosted and third-party servers that speak OpenAI's Chat
 * Completions (vLLM, Ollama's `/v1`, llama-server, LM Studio, Groq, Together, DeepSeek, xAI, …).
 * The OpenAI codec with a server profile; no `Authorization` header when no key is configured.
 */
import { joinUrl } from "../base-schema.js";
import { createOpenAIFamilyProvider, originOf } from "../openai/family.js";
import type { ProviderDefinition } from "../types.js";
import { type OpenAICompatibleConfig, openaiCompatibleConfigSchema } from "./config.js";
import { PROFILE_NAMES, PROFILES } from "./profiles.js";

/**
 * Servers that serve the legacy `/v1/completions` for every model (their docs, linked in
 * profiles.ts); Groq, DeepSeek (beta FIM only) and xAI do not, so legacy requests are translated
 * to chat for them.
 */
const LEGACY_COMPLETIONS: ReadonlySet<string> = new Set([
  "generic",
  "vllm",
  "ollama",
  "llama-server",
  "lmstudio",
  "together",
]);

export const openaiCompatibleProvider: ProviderDefinition<OpenAICompatibleConfig> = {
  type: "openai-compatible",
  schema: openaiCompatibleConfigSchema,
  // why: the semantic conventions have no value for "some OpenAI-compatible server"; its wire
  // format, and so what a trace backend expects of it, is OpenAI's.
  telemetry: { genAiProviderName: "openai" },
  profiles: PROFILE_NAMES,
  create(name, config) {
    const chatUrl = joinUrl(config.base_url, "/chat/completions");
    const embeddingsUrl = joinUrl(config.base_url, "/embeddings");
    const completionsUrl = joinUrl(config.base_url, "/completions");
    return createOpenAIFamilyProvider({
      name,
      type: "openai-compatible",
      profile: PROFILES[config.profile ?? "generic"],
      completions: () => LEGACY_COMPLETIONS.has(config.profile ?? "generic"),
      transport: {
        origin: originOf(config.base_url),
        url: (op) => (op === "chat" ? chatUrl : op === "completions" ? completionsUrl : embeddingsUrl),
        headers: {
          ...config.headers,
          ...(config.api_key ? { authorization: `Bearer ${config.api_key}` } : {}),
        },
      },
    });
  },
};

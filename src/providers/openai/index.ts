/**
 * The `openai` provider: OpenAI's Chat Completions and Embeddings APIs
 * (https://platform.openai.com/docs/api-reference). Its codec is the OpenAI-compatible base that
 * `azure-openai`, `openai-compatible` and `mistral` reuse with their own profiles.
 */
import { joinUrl } from "../base-schema.js";
import type { ProviderDefinition, Target } from "../types.js";
import { OPENAI_DEFAULT_BASE_URL, type OpenAIConfig, openaiConfigSchema } from "./config.js";
import { createOpenAIFamilyProvider, originOf } from "./family.js";
import prices from "./prices.json" with { type: "json" };
import { OPENAI_PROFILE } from "./profile.js";
import { openaiTargetSchema, withResponsesApi } from "./responses-api.js";
import { responsesPassthrough } from "./responses-passthrough.js";

/**
 * OpenAI serves `/v1/completions` only for its completion models
 * (https://platform.openai.com/docs/models: `gpt-3.5-turbo-instruct`, `davinci-002`,
 * `babbage-002`); a chat model there is a 404 ("This is a chat model and not supported in the
 * v1/completions endpoint"), so legacy requests for chat models are translated to chat instead.
 */
const isCompletionModel = (model: string): boolean =>
  /^(gpt-3\.5-turbo-instruct|davinci-002|babbage-002)(\b|-|$)/.test(model);

export const openaiProvider: ProviderDefinition<OpenAIConfig> = {
  type: "openai",
  schema: openaiConfigSchema,
  targetSchema: openaiTargetSchema,
  telemetry: { genAiProviderName: "openai" },
  prices,
  create(name, config) {
    const base = config.base_url ?? OPENAI_DEFAULT_BASE_URL;
    const chatUrl = joinUrl(base, "/chat/completions");
    const embeddingsUrl = joinUrl(base, "/embeddings");
    const completionsUrl = joinUrl(base, "/completions");
    const headers = {
      ...config.headers,
      authorization: `Bearer ${config.api_key}`,
      ...(config.organization ? { "openai-organization": config.organization } : {}),
      ...(config.project ? { "openai-project": config.project } : {}),
    };
    const provider = createOpenAIFamilyProvider({
      name,
      type: "openai",
      profile: OPENAI_PROFILE,
      completions: isCompletionModel,
      transport: {
        origin: originOf(base),
        url: (op) => (op === "chat" ? chatUrl : op === "completions" ? completionsUrl : embeddingsUrl),
        headers,
      },
    });
    const responsesUrl = joinUrl(base, "/responses");
    return {
      ...provider,
      chat: withResponsesApi(provider.chat, responsesUrl, headers, name),
      // An `api: responses` target takes Chat Completions clients by translation only.
      ...(provider.passthrough
        ? { passthrough: { ...provider.passthrough, serves: (t: Target) => t.api !== "responses" } }
        : {}),
      extraPassthrough: [responsesPassthrough(responsesUrl, headers)],
    };
  },
};

export { createOpenAIFamilyProvider, type OpenAIFamilyOptions, type OpenAITransport } from "./family.js";
export { OPENAI_PROFILE, type OpenAIProfile } from "./profile.js";

/**
 * The `azure-openai` provider: Azure OpenAI deployments
 * (https://learn.microsoft.com/azure/ai-services/openai/reference). The OpenAI codec with Azure's
 * URL scheme (`/openai/deployments/{deployment}/…?api-version=`, or the v1 API's `/openai/v1/…`
 * per `api-url.ts`), `api-key` auth and content filter errors. Where the api-version has Azure's Responses API (`responses-url.ts`), Responses
 * clients pass through to it and `api: responses` targets are served through it.
 */
import { createOpenAIFamilyProvider, originOf } from "../openai/family.js";
import { withResponsesApi } from "../openai/responses-api.js";
import { responsesPassthrough } from "../openai/responses-passthrough.js";
import type { ProviderDefinition, Target } from "../types.js";
import { azureApiUrl, deploymentOf } from "./api-url.js";
import { azureProfileFor } from "./api-version.js";
import { type AzureOpenAIConfig, azureOpenaiConfigSchema, azureOpenaiTargetSchema } from "./config.js";
import { fromAzureError } from "./errors.js";
import { azureResponsesUrl } from "./responses-url.js";

export const azureOpenaiProvider: ProviderDefinition<AzureOpenAIConfig> = {
  type: "azure-openai",
  schema: azureOpenaiConfigSchema,
  targetSchema: azureOpenaiTargetSchema,
  telemetry: { genAiProviderName: "azure.ai.openai" },
  create(name, config) {
    const url = (op: "chat" | "embeddings", target: Target): string =>
      azureApiUrl(config.base_url, config.api_version, op, deploymentOf(target));
    const headers = { ...config.headers, "api-key": config.api_key };
    const provider = createOpenAIFamilyProvider({
      name,
      type: "azure-openai",
      profile: azureProfileFor(config.api_version, deploymentOf),
      transport: { origin: originOf(config.base_url), url, headers },
      decodeError: (status, headers, body) => fromAzureError(status, headers, body, name),
    });
    const responsesUrl = azureResponsesUrl(config.base_url, config.api_version);
    return {
      ...provider,
      chat: withResponsesApi(provider.chat, responsesUrl, headers, name, deploymentOf),
      // An `api: responses` target takes Chat Completions clients by translation only.
      ...(provider.passthrough
        ? { passthrough: { ...provider.passthrough, serves: (t: Target) => t.api !== "responses" } }
        : {}),
      // Responses clients pass through where the api-version has the Responses API; with an older
      // one they are served by translation (through Chat Completions).
      ...(responsesUrl
        ? { extraPassthrough: [responsesPassthrough(responsesUrl, headers, deploymentOf)] }
        : {}),
    };
  },
};

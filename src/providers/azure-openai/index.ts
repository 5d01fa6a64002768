/**
 * The `azure-openai` provider: Azure OpenAI deployments
 * (https://learn.microsoft.com/azure/ai-services/openai/reference). The OpenAI codec with Azure's
 * URL scheme (`/openai/deployments/{deployment}/…?api-version=`), `api-key` auth and content
 * filter errors.
 */
import { joinUrl } from "../base-schema.js";
import { createOpenAIFamilyProvider, originOf } from "../openai/family.js";
import { OPENAI_PROFILE, type OpenAIProfile } from "../openai/profile.js";
import type { ProviderDefinition, Target } from "../types.js";
import { type AzureOpenAIConfig, azureOpenaiConfigSchema, azureOpenaiTargetSchema } from "./config.js";
import { fromAzureError } from "./errors.js";

/** Azure takes OpenAI's body; the deployment in the URL picks the model, so `model` is left out. */
export const AZURE_PROFILE: OpenAIProfile = { ...OPENAI_PROFILE, label: "Azure OpenAI", modelInBody: false };

export const azureOpenaiProvider: ProviderDefinition<AzureOpenAIConfig> = {
  type: "azure-openai",
  schema: azureOpenaiConfigSchema,
  targetSchema: azureOpenaiTargetSchema,
  telemetry: { genAiProviderName: "azure.ai.openai" },
  create(name, config) {
    const version = encodeURIComponent(config.api_version);
    const url = (op: "chat" | "embeddings", target: Target): string => {
      const deployment =
        typeof target.deployment === "string" && target.deployment ? target.deployment : target.model;
      const path = op === "chat" ? "chat/completions" : "embeddings";
      return joinUrl(
        config.base_url,
        `/openai/deployments/${encodeURIComponent(deployment)}/${path}?api-version=${version}`,
      );
    };
    return createOpenAIFamilyProvider({
      name,
      type: "azure-openai",
      profile: AZURE_PROFILE,
      transport: {
        origin: originOf(config.base_url),
        url,
        headers: { ...config.headers, "api-key": config.api_key },
      },
      decodeError: (status, headers, body) => fromAzureError(status, headers, body, name),
    });
  },
};

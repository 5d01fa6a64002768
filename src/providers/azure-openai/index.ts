/**
 * The `azure-openai` provider: Azure OpenAI deployments
 * (https://learn.microsoft.com/azure/ai-services/openai/reference). The OpenAI codec with Azure's
 * URL scheme (`/openai/deployments/{deployment}/…?api-version=`), `api-key` auth and content
 * filter errors.
 */
import { joinUrl } from "../base-schema.js";
import { createOpenAIFamilyProvider, originOf } from "../openai/family.js";
import type { ProviderDefinition, Target } from "../types.js";
import { azureProfileFor } from "./api-version.js";
import { type AzureOpenAIConfig, azureOpenaiConfigSchema, azureOpenaiTargetSchema } from "./config.js";
import { fromAzureError } from "./errors.js";

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
      profile: azureProfileFor(config.api_version),
      transport: {
        origin: originOf(config.base_url),
        url,
        headers: { ...config.headers, "api-key": config.api_key },
      },
      decodeError: (status, headers, body) => fromAzureError(status, headers, body, name),
    });
  },
};

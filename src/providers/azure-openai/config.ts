import { z } from "zod";
import { baseProviderFields } from "../base-schema.js";

/**
 * `providers.<name>` for `type: azure-openai`
 * (https://learn.microsoft.com/azure/ai-services/openai/reference). `base_url` is the resource
 * endpoint, e.g. `https://my-resource.openai.azure.com`.
 */
export const azureOpenaiConfigSchema = z
  .object({
    type: z.literal("azure-openai"),
    api_key: z.string().min(1),
    /** The `api-version` query parameter, e.g. `2024-10-21`. */
    api_version: z.string().min(1),
    ...baseProviderFields,
    base_url: baseProviderFields.base_url.unwrap(),
  })
  .strict();

export type AzureOpenAIConfig = z.infer<typeof azureOpenaiConfigSchema>;

/**
 * A target may name its deployment (without one the target's model is the deployment name) and,
 * like an `openai` target, pick the API that serves it: `responses` for a deployment reached
 * through Azure's Responses API.
 */
export const azureOpenaiTargetSchema = z.object({
  deployment: z.string().min(1).optional(),
  /** `chat_completions` (default) or `responses`. */
  api: z.enum(["chat_completions", "responses"]).optional(),
});

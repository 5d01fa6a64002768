import { z } from "zod";
import { baseProviderFields } from "../base-schema.js";
import { PROFILE_NAMES } from "./profiles.js";

/** `providers.<name>` for `type: openai-compatible`: any server that speaks OpenAI's Chat Completions. */
export const openaiCompatibleConfigSchema = z
  .object({
    type: z.literal("openai-compatible"),
    /** Sent as `Authorization: Bearer …`; omit for servers without auth (a local vLLM or Ollama). */
    api_key: z.string().min(1).optional(),
    /** Which server family it is, for the few places they differ (default `generic`). */
    profile: z.enum(PROFILE_NAMES).optional(),
    ...baseProviderFields,
    base_url: baseProviderFields.base_url.unwrap(),
  })
  .strict();

export type OpenAICompatibleConfig = z.infer<typeof openaiCompatibleConfigSchema>;

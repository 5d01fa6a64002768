import { z } from "zod";
import { baseProviderFields } from "../base-schema.js";

/**
 * `providers.<name>` for `type: openai`. Auth and headers:
 * https://platform.openai.com/docs/api-reference/authentication
 */
export const openaiConfigSchema = z
  .object({
    type: z.literal("openai"),
    api_key: z.string().min(1),
    /** Sent as `OpenAI-Organization`. */
    organization: z.string().min(1).optional(),
    /** Sent as `OpenAI-Project`. */
    project: z.string().min(1).optional(),
    ...baseProviderFields,
  })
  .strict();

export type OpenAIConfig = z.infer<typeof openaiConfigSchema>;

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

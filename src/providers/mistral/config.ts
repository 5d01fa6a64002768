import { z } from "zod";
import { baseProviderFields } from "../base-schema.js";

/** `providers.<name>` for `type: mistral` (https://docs.mistral.ai/api/). */
export const mistralConfigSchema = z
  .object({
    type: z.literal("mistral"),
    api_key: z.string().min(1),
    ...baseProviderFields,
  })
  .strict();

export type MistralConfig = z.infer<typeof mistralConfigSchema>;

export const MISTRAL_DEFAULT_BASE_URL = "https://api.mistral.ai/v1";

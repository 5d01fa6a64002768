import { z } from "zod";
import { baseProviderFields } from "../base-schema.js";

/** Cohere's public API origin; `base_url` overrides it (a proxy, a private deployment, the emulator). */
export const COHERE_DEFAULT_BASE_URL = "https://api.cohere.com";

/**
 * `providers.<name>` for `type: cohere`. The API key is sent as `Authorization: Bearer`
 * (https://docs.cohere.com/reference/about).
 */
export const cohereConfigSchema = z
  .object({
    type: z.literal("cohere"),
    api_key: z.string().min(1, { message: "api_key is required" }),
    ...baseProviderFields,
  })
  .strict();

export type CohereConfig = z.infer<typeof cohereConfigSchema>;

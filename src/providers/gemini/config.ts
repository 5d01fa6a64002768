/** Config schema of a `gemini` (Google AI Studio) provider. */
import { z } from "zod";
import { baseProviderFields } from "../base-schema.js";

/** The Gemini API's public endpoint (https://ai.google.dev/api). */
export const GEMINI_DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

export const geminiConfigSchema = z
  .object({
    type: z.literal("gemini"),
    /** An AI Studio API key (sent in the `x-goog-api-key` header, never in the URL). */
    api_key: z.string().min(1, { message: "api_key must not be empty" }),
    ...baseProviderFields,
  })
  .strict();

export type GeminiConfig = z.infer<typeof geminiConfigSchema>;

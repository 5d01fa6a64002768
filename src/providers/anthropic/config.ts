/**
 * Config of an `anthropic` provider: the Anthropic Messages API
 * (https://docs.anthropic.com/en/api/messages).
 */
import { z } from "zod";
import { count } from "../../config/bounds.js";
import { baseProviderFields } from "../base-schema.js";

/** Default API origin (https://docs.anthropic.com/en/api/getting-started). */
export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";
/** The `anthropic-version` header sent unless configured (https://docs.anthropic.com/en/api/versioning). */
export const ANTHROPIC_DEFAULT_VERSION = "2023-06-01";
/** `max_tokens` is required by the Messages API; this is sent when the client gave none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** zod schema of `providers.<name>` for `type: anthropic`. */
export const anthropicConfigSchema = z
  .object({
    type: z.literal("anthropic"),
    /** The Anthropic API key (use a secret reference such as `{env://ANTHROPIC_API_KEY}`). */
    api_key: z.string().min(1, { message: "api_key is required" }),
    /** `anthropic-version` header value. */
    anthropic_version: z.string().min(1).optional(),
    /** Beta features, sent as the comma-separated `anthropic-beta` header. */
    beta: z.array(z.string().min(1)).optional(),
    /** `max_tokens` sent when the client gave none (Anthropic requires it). */
    default_max_tokens: count({ max: 1_000_000 }).optional(),
    ...baseProviderFields,
  })
  .strict();

export type AnthropicConfig = z.infer<typeof anthropicConfigSchema>;

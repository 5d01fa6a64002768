import { z } from "zod";
import { baseProviderFields } from "../base-schema.js";
import type { BaseProviderConfig } from "../types.js";

/** The model families Converse serves whose model-specific fields we know (see family.ts). */
export const BEDROCK_FAMILIES = ["anthropic", "amazon", "meta", "mistral", "cohere", "other"] as const;
export type BedrockFamily = (typeof BEDROCK_FAMILIES)[number];

/**
 * `providers.<name>` for `type: bedrock`. Requests are signed with SigV4
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-signing-request.html).
 */
export const bedrockConfigSchema = z
  .object({
    type: z.literal("bedrock"),
    /** e.g. `us-east-1`; picks the default endpoint and the signing region. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { message: "must be an AWS region such as us-east-1" }),
    access_key_id: z.string().min(1),
    secret_access_key: z.string().min(1),
    /** For temporary credentials (STS); sent as `x-amz-security-token`. */
    session_token: z.string().min(1).optional(),
    ...baseProviderFields,
  })
  .strict();

export type BedrockConfig = z.infer<typeof bedrockConfigSchema> & BaseProviderConfig;

/**
 * Target fields: `family` names the model family when the model id cannot tell (an application
 * inference profile ARN), so family-specific fields (top_k, thinking) still map.
 */
export const bedrockTargetSchema = z.object({ family: z.enum(BEDROCK_FAMILIES).optional() });

/** The default endpoint: https://docs.aws.amazon.com/general/latest/gr/bedrock.html */
export function defaultBedrockBaseUrl(region: string): string {
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://bedrock-runtime.${region}.${suffix}`;
}

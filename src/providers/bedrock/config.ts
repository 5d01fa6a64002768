import { z } from "zod";
import { baseProviderFields } from "../base-schema.js";
import type { BaseProviderConfig } from "../types.js";

/** The model families Converse serves whose model-specific fields we know (see family.ts). */
export const BEDROCK_FAMILIES = ["anthropic", "amazon", "meta", "mistral", "cohere", "other"] as const;
export type BedrockFamily = (typeof BEDROCK_FAMILIES)[number];

/**
 * `providers.<name>` for `type: bedrock`. Requests are signed with SigV4
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-signing-request.html), with
 * static keys when the config gives them, else with the AWS SDK's default credential chain
 * (environment, shared profile, SSO, web identity, container and instance roles, assume-role).
 */
export const bedrockConfigSchema = z
  .object({
    type: z.literal("bedrock"),
    /** e.g. `us-east-1`; picks the default endpoint and the signing region. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { message: "must be an AWS region such as us-east-1" }),
    access_key_id: z.string().min(1).optional(),
    secret_access_key: z.string().min(1).optional(),
    /** For temporary credentials (STS); sent as `x-amz-security-token`. */
    session_token: z.string().min(1).optional(),
    /** A profile of the shared config/credentials files for the default chain (else `AWS_PROFILE`). */
    profile: z.string().min(1).optional(),
    ...baseProviderFields,
  })
  .strict()
  .superRefine((c, ctx) => {
    const keys = [c.access_key_id, c.secret_access_key].filter((k) => k !== undefined).length;
    if (keys === 1) {
      const missing = c.access_key_id === undefined ? "access_key_id" : "secret_access_key";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message:
          "static keys need both access_key_id and secret_access_key (or neither, for the AWS default chain)",
      });
    }
    if (keys === 0 && c.session_token !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["session_token"],
        message: "session_token goes with static keys",
      });
    if (keys === 2 && c.profile !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["profile"],
        message: "profile is for the default chain; remove it or the static keys",
      });
  });

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

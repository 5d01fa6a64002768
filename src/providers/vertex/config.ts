/**
 * Config schema of a `vertex` provider: Vertex AI, authenticated with a service-account key
 * (https://cloud.google.com/iam/docs/keys-create-delete#creating).
 */
import { createPrivateKey } from "node:crypto";
import { z } from "zod";
import { tryParseJson } from "../../wire/json.js";
import { baseProviderFields } from "../base-schema.js";

/** The fields of a service-account JSON key that the token exchange needs. */
export const serviceAccountKeySchema = z.object({
  type: z.literal("service_account", { message: "must be a service_account key" }).optional(),
  client_email: z.email({ message: "client_email must be the service account's email" }),
  private_key: z.string().refine(isPrivateKey, { message: "private_key must be a PEM private key" }),
  private_key_id: z.string().optional(),
  token_uri: z.url({ message: "token_uri must be an https URL" }),
});

export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

function isPrivateKey(pem: string): boolean {
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}

/** Parses the key JSON. Messages name fields only: a key's contents never reach a log. */
export function parseServiceAccountKey(text: string): ServiceAccountKey {
  const parsed = serviceAccountKeySchema.safeParse(tryParseJson(text));
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => i.message).join("; ");
    throw new Error(`credentials: not a usable service-account JSON key (${why})`);
  }
  return parsed.data;
}

export const vertexConfigSchema = z
  .object({
    type: z.literal("vertex"),
    /** The Google Cloud project id. */
    project: z.string().regex(/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/, { message: "project must be a project id" }),
    /** A region such as `us-central1`, or `global`. */
    location: z
      .string()
      .regex(/^[a-z0-9-]+$/, { message: "location must be a region such as us-central1, or global" }),
    /** The service-account JSON key, as text (e.g. `{file:///run/secrets/sa.json}`). */
    credentials: z.string().superRefine((text, ctx) => {
      const parsed = serviceAccountKeySchema.safeParse(tryParseJson(text));
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: "custom", message: `credentials: ${issue.message}` });
      }
    }),
    /** Overrides the key's `token_uri` (a proxy, or the emulator in tests). */
    token_url: z.url({ message: "token_url must be an http(s) URL" }).optional(),
    ...baseProviderFields,
  })
  .strict();

export type VertexConfig = z.infer<typeof vertexConfigSchema>;

/** `https://{location}-aiplatform.googleapis.com`, or the global endpoint. */
export function vertexBaseUrl(config: VertexConfig): string {
  if (config.base_url) return config.base_url;
  return config.location === "global"
    ? "https://aiplatform.googleapis.com"
    : `https://${config.location}-aiplatform.googleapis.com`;
}

/**
 * Target fields: `structured_outputs: true` sends Claude's structured outputs (`output_config.format`,
 * strict tools), which Vertex serves only once a project enables them (see structured-outputs.ts).
 */
export const vertexTargetSchema = z.object({ structured_outputs: z.boolean().optional() });

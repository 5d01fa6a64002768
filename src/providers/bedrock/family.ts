import type { Target } from "../types.js";
import { BEDROCK_FAMILIES, type BedrockFamily } from "./config.js";

/** Cross-region inference profile prefixes (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html). */
const PROFILE_PREFIXES = new Set(["us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"]);

/**
 * The model family of a target, from its `family` field or its model id:
 * `anthropic.claude-…`, `us.anthropic.claude-…`, or an ARN ending in either.
 */
export function bedrockFamily(target: Target): BedrockFamily {
  const explicit = target.family;
  if (typeof explicit === "string" && (BEDROCK_FAMILIES as readonly string[]).includes(explicit)) {
    return explicit as BedrockFamily;
  }
  const id = target.model.slice(target.model.lastIndexOf("/") + 1);
  const parts = id.split(".");
  const vendor = parts.length > 2 && PROFILE_PREFIXES.has(parts[0]!) ? parts[1] : parts[0];
  return (BEDROCK_FAMILIES as readonly string[]).includes(vendor ?? "") ? (vendor as BedrockFamily) : "other";
}

/**
 * The path segment of a model id: every reserved character escaped, as the AWS SDKs do
 * (`anthropic.claude-3-haiku-20240307-v1:0` → `anthropic.claude-3-haiku-20240307-v1%3A0`).
 */
export function encodeModelId(modelId: string): string {
  return encodeURIComponent(modelId).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The foundation-model id behind a target's model: the last segment of an ARN, without a
 * cross-region profile prefix (`us.anthropic.claude-…` → `anthropic.claude-…`). Undefined for an
 * application inference profile, whose id names no model.
 */
export function foundationModelId(model: string): string | undefined {
  const id = model.slice(model.lastIndexOf("/") + 1);
  const parts = id.split(".");
  const bare = parts.length > 2 && PROFILE_PREFIXES.has(parts[0]!) ? parts.slice(1).join(".") : id;
  return (BEDROCK_FAMILIES as readonly string[]).includes(bare.split(".")[0] ?? "") ? bare : undefined;
}

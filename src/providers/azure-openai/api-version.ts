/**
 * What the body may hold depends on the configured `api-version`
 * (https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle). Azure refuses
 * fields a version does not know ("Unrecognized request argument supplied: …") and roles it does
 * not know, so the profile is chosen per version (fixture fidelity/api-version-2024-10-21.json).
 */
import { OPENAI_PROFILE, type OpenAIProfile, type OptionalParam } from "../openai/profile.js";
import type { Target } from "../types.js";

/** `developer` messages and `reasoning_effort`: 2024-12-01-preview and later (reasoning models guide). */
const REASONING_SINCE = "2024-12-01";
/** `max_completion_tokens`: 2024-09-01-preview and later; earlier versions know only `max_tokens`. */
const MAX_COMPLETION_TOKENS_SINCE = "2024-09-01";

/**
 * The date of a dated version (`2024-10-21`, `2025-04-01-preview`); undefined for the undated v1
 * versions (`preview`, `latest`, `v1`), which track the newest API.
 */
export function versionDate(version: string): string | undefined {
  return /^(\d{4}-\d{2}-\d{2})/.exec(version)?.[1];
}

/** The Azure profile for one api-version; `deployment` names a target's deployment. */
export function azureProfileFor(version: string, deployment: (target: Target) => string): OpenAIProfile {
  const date = versionDate(version);
  const reasoning = date === undefined || date >= REASONING_SINCE;
  const completionTokens = date === undefined || date >= MAX_COMPLETION_TOKENS_SINCE;
  const unsupported = new Set<OptionalParam>(OPENAI_PROFILE.unsupported);
  if (!reasoning) unsupported.add("reasoning.effort");
  return {
    ...OPENAI_PROFILE,
    label: "Azure OpenAI",
    // A dated version's URL names the deployment, so `model` is left out of the body; the v1 API
    // (`api-url.ts`) takes the deployment as `model` instead.
    modelInBody: date === undefined,
    bodyModel: deployment,
    developerRole: reasoning,
    maxTokensField: completionTokens ? "max_completion_tokens" : "max_tokens",
    unsupported,
  };
}

/**
 * Where Azure OpenAI serves Chat Completions and embeddings for a configured `api_version`
 * (https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle; the `openai` SDK's
 * docs/azure.md, "v1 API"):
 *
 * - the v1 API, `{endpoint}/openai/v1/chat/completions` (and `/openai/v1/embeddings`), with no
 *   `api-version` (`v1`) or the undated `preview` / `latest` as `api-version`; the body's `model`
 *   is the deployment;
 * - a dated version (`2024-10-21`, `2025-04-01-preview`):
 *   `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…`, the deployment in
 *   the path and no `model` in the body.
 */
import { joinUrl } from "../base-schema.js";
import type { Target } from "../types.js";
import { versionDate } from "./api-version.js";

/** The v1 API's URL for `path` (`chat/completions`, `responses`); undefined for a dated version. */
export function azureV1Url(baseUrl: string, apiVersion: string, path: string): string | undefined {
  if (versionDate(apiVersion) !== undefined) return undefined;
  const query = apiVersion === "v1" ? "" : `?api-version=${encodeURIComponent(apiVersion)}`;
  return joinUrl(baseUrl, `/openai/v1/${path}${query}`);
}

/** The Chat Completions or embeddings URL of a deployment for this api-version. */
export function azureApiUrl(
  baseUrl: string,
  apiVersion: string,
  op: "chat" | "embeddings",
  deployment: string,
): string {
  const path = op === "chat" ? "chat/completions" : "embeddings";
  return (
    azureV1Url(baseUrl, apiVersion, path) ??
    joinUrl(
      baseUrl,
      `/openai/deployments/${encodeURIComponent(deployment)}/${path}?api-version=${encodeURIComponent(apiVersion)}`,
    )
  );
}

/** The deployment serves the model: the target's `deployment`, else its model name. */
export function deploymentOf(target: Target): string {
  return typeof target.deployment === "string" && target.deployment ? target.deployment : target.model;
}

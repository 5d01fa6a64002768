/**
 * Azure OpenAI's v1 API as the emulator serves it
 * (https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle; the `openai` SDK's
 * docs/azure.md, "v1 API"): `POST /openai/v1/chat/completions`, `/openai/v1/embeddings` and
 * `/openai/v1/responses`, OpenAI's paths under `/openai/v1` with the deployment name as the body's
 * `model`. `api-version` may be absent or the undated `preview` / `latest`; a dated one is refused
 * ("API version not supported"), since dated versions live on the deployment routes.
 */
import type { ErrorResponse, RouteMatch } from "../types.js";

/** Chat Completions and embeddings on the v1 API (`azure-responses.ts` has its Responses path). */
export const AZURE_V1_CHAT_PATTERN = /^\/openai\/(?<azureV1>v1)\/chat\/completions$/;
export const AZURE_V1_EMBEDDINGS_PATTERN = /^\/openai\/(?<azureV1>v1)\/embeddings$/;

export const isAzureV1 = (m: RouteMatch): boolean => m.params.azureV1 !== undefined;

/** Azure's refusal of an api-version on a v1 path, or undefined when it takes it. */
export function azureV1Refusal(m: RouteMatch): ErrorResponse | undefined {
  const version = m.url.searchParams.get("api-version");
  if (version === null || version === "preview" || version === "latest") return undefined;
  return {
    status: 400,
    body: JSON.stringify({ error: { code: "BadRequest", message: "API version not supported" } }),
  };
}

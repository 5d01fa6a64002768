/**
 * Azure OpenAI's Responses API as the emulator serves it, from Azure's REST reference
 * (https://learn.microsoft.com/azure/ai-foundry/openai/how-to/responses, REST tab;
 * https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle):
 *
 * - `POST /openai/v1/responses`: the v1 API (`azure-v1.ts`: no `api-version`, or the undated
 *   `preview` / `latest`);
 * - `POST /openai/responses?api-version=…`: the dated preview API, which needs an `api-version`
 *   and has the Responses API only from 2025-03-01-preview (older versions: 404 "Resource not
 *   found", Azure's answer for an operation the version does not have).
 *
 * Auth is the `api-key` header. The body is OpenAI's (`responses.ts` refuses unknown fields) with
 * the deployment name as `model`.
 */
import type { ErrorResponse, RouteMatch } from "../types.js";
import { azureV1Refusal } from "./azure-v1.js";

/** Both Azure Responses paths; `azureApi` tells them apart. */
export const AZURE_RESPONSES_PATTERN = /^\/openai\/(?<azureApi>v1\/responses|responses)$/;

export const isAzureResponses = (m: RouteMatch): boolean => m.params.azureApi !== undefined;

/** The first dated api-version with the Responses API. */
const SINCE = "2025-03-01";

/** Why Azure refuses this path and api-version, or undefined when it serves them. */
export function azureResponsesRefusal(m: RouteMatch): ErrorResponse | undefined {
  const version = m.url.searchParams.get("api-version");
  const date = version === null ? undefined : /^(\d{4}-\d{2}-\d{2})/.exec(version)?.[1];
  const refuse = (status: number, code: string, message: string): ErrorResponse => ({
    status,
    body: JSON.stringify({ error: { code, message } }),
  });
  if (m.params.azureApi === "v1/responses") return azureV1Refusal(m);
  if (version === null)
    return refuse(
      400,
      "BadRequest",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  if (date === undefined || date < SINCE) return refuse(404, "404", "Resource not found");
  return undefined;
}

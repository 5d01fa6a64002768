/**
 * Where Azure OpenAI serves the Responses API for a configured `api_version`
 * (https://learn.microsoft.com/azure/ai-foundry/openai/how-to/responses, REST tab, and
 * https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle):
 *
 * - the v1 API, `{endpoint}/openai/v1/responses`, with no `api-version` (`v1`) or the undated
 *   `preview` / `latest` as `api-version`;
 * - the dated preview API, `{endpoint}/openai/responses?api-version=…`, since 2025-03-01-preview
 *   (the Responses API's first version, e.g. `2025-04-01-preview`);
 * - none before that (`2024-10-21` and older know only Chat Completions).
 *
 * Both take the deployment name as `model` in the body, not in the path.
 */
import { joinUrl } from "../base-schema.js";
import { azureV1Url } from "./api-url.js";
import { versionDate } from "./api-version.js";

/** The first dated api-version with the Responses API. */
const RESPONSES_SINCE = "2025-03-01";

/** The Responses API URL for this endpoint and api-version; undefined when the version has none. */
export function azureResponsesUrl(baseUrl: string, apiVersion: string): string | undefined {
  const date = versionDate(apiVersion);
  if (date === undefined) return azureV1Url(baseUrl, apiVersion, "responses");
  if (date < RESPONSES_SINCE) return undefined;
  return joinUrl(baseUrl, `/openai/responses?api-version=${encodeURIComponent(apiVersion)}`);
}

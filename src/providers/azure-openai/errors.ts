/**
 * Azure OpenAI errors: OpenAI's shape plus Azure's own codes
 * (https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter#error-response).
 * A prompt refused by the content filter is a 400 with `code: "content_filter"` and an
 * `innererror` holding the filter results.
 */
import { GatewayError } from "../../canonical/index.js";
import { tryParseJson } from "../../wire/json.js";
import { errorObjectOf, fromOpenAIError, retryAfterOf, safeMessage } from "../openai/errors.js";

type Headers = Record<string, string | string[] | undefined>;

export function fromAzureError(
  status: number,
  headers: Headers,
  text: string,
  provider: string,
): GatewayError {
  const err = errorObjectOf(tryParseJson(text));
  if (status === 400 && err?.code === "content_filter") {
    const categories = filteredCategories(err.innererror?.content_filter_result);
    const why = categories.length ? ` (filtered: ${categories.join(", ")})` : "";
    return new GatewayError({
      status: 400,
      kind: "invalid_request",
      code: "content_filtered",
      message: `${provider}: ${safeMessage(err.message ?? "The prompt was filtered by the content filter.")}${why}`,
      param: typeof err.param === "string" ? err.param : null,
      provider,
      ...(retryAfterOf(headers) ? { retryAfter: retryAfterOf(headers) } : {}),
    });
  }
  return fromOpenAIError(status, headers, text, provider);
}

/** The names of the categories Azure marked `filtered: true`. */
function filteredCategories(result: unknown): string[] {
  if (typeof result !== "object" || result === null) return [];
  return Object.entries(result)
    .filter(([, v]) => typeof v === "object" && v !== null && (v as { filtered?: unknown }).filtered === true)
    .map(([k]) => k);
}

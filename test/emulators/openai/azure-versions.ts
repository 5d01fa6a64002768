/**
 * What an Azure OpenAI api-version refuses (https://learn.microsoft.com/azure/ai-foundry/openai/reference):
 * each dated version knows only the fields and roles of its own spec. `developer` messages and
 * `reasoning_effort` came with 2024-12-01-preview (reasoning models guide), `max_completion_tokens`
 * with 2024-09-01-preview. Undated v1 versions (`preview`, `latest`) know everything.
 */
import { EmulatorBadRequest } from "../types.js";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const SINCE: Record<string, string> = { reasoning_effort: "2024-12-01", max_completion_tokens: "2024-09-01" };

/** Throws as Azure does for a body its api-version does not know. */
export function azureValidate(body: unknown, version: string): void {
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(version)?.[1];
  if (!date || !isObj(body)) return;
  for (const [field, since] of Object.entries(SINCE)) {
    if (field in body && date < since)
      throw new EmulatorBadRequest(`Unrecognized request argument supplied: ${field}`);
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const [i, m] of messages.entries()) {
    if (isObj(m) && m.role === "developer" && date < SINCE.reasoning_effort!) {
      throw new EmulatorBadRequest(
        `Invalid value: 'developer'. Supported values are: 'system', 'assistant', 'user', 'function', and 'tool'. (messages[${i}].role)`,
      );
    }
  }
}

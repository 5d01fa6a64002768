/**
 * Conversation state in Responses terms, without storage: what a stored response keeps, and how
 * a request's `previous_response_id` and `item_reference` items become plain input items
 * (https://platform.openai.com/docs/guides/conversation-state). The record store is read by
 * `src/server/responses/`; this only rewrites bodies.
 */
import { isRecord } from "../../wire/json.js";
import { responseIdOfItem } from "./wire.js";

/** One stored response: the response object as the client got it, and the input that led to it. */
export interface StoredResponse {
  response: Record<string, unknown>;
  /** The input items, with the previous responses' items already prepended (a whole transcript). */
  input: unknown[];
}

/** The input of a body as a list of items (a string is one user message). */
export function inputItems(body: Record<string, unknown>): unknown[] {
  const input = body.input;
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  return Array.isArray(input) ? input : [];
}

/** The response ids a body needs from the store: the previous one and those its item references name. */
export function referencedResponses(body: Record<string, unknown>): { previous?: string; items: string[] } {
  const items = new Set<string>();
  for (const item of inputItems(body)) {
    if (!isRecord(item) || item.type !== "item_reference" || typeof item.id !== "string") continue;
    const owner = responseIdOfItem(item.id);
    if (owner) items.add(owner);
  }
  const prev = body.previous_response_id;
  return { ...(typeof prev === "string" && prev ? { previous: prev } : {}), items: [...items] };
}

/**
 * The body with the previous response's transcript in front of its input and each item reference
 * replaced by the item it names. References the store does not hold are left for the parser to
 * refuse; `previous_response_id` is dropped only when the previous response was found.
 */
export function expandBody(
  body: Record<string, unknown>,
  found: ReadonlyMap<string, StoredResponse>,
): { body: Record<string, unknown>; resolvedPrevious: boolean } {
  const prevId = typeof body.previous_response_id === "string" ? body.previous_response_id : undefined;
  const prev = prevId ? found.get(prevId) : undefined;
  const input = inputItems(body).map((item) => resolveReference(item, found));
  const out: Record<string, unknown> = { ...body, input: prev ? [...transcript(prev), ...input] : input };
  if (prev) delete out.previous_response_id;
  return { body: out, resolvedPrevious: prev !== undefined };
}

/** Everything a stored response's successor sees: its input, then its output items. */
export function transcript(s: StoredResponse): unknown[] {
  const output = Array.isArray(s.response.output) ? s.response.output : [];
  return [...s.input, ...output];
}

function resolveReference(item: unknown, found: ReadonlyMap<string, StoredResponse>): unknown {
  if (!isRecord(item) || item.type !== "item_reference" || typeof item.id !== "string") return item;
  const owner = responseIdOfItem(item.id);
  const stored = owner ? found.get(owner) : undefined;
  if (!stored) return item;
  const hit = transcript(stored).find((i) => isRecord(i) && i.id === item.id);
  return hit ?? item;
}

/**
 * Conversation state in Responses terms, without storage: what a stored response keeps, and how
 * a request's `previous_response_id` and `item_reference` items become plain input items
 * (https://platform.openai.com/docs/guides/conversation-state). The record store is read by
 * `src/server/responses/`; this only rewrites bodies.
 */
import { isRecord } from "../../wire/json.js";

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

/** What a body needs from the store: the previous response's id and the item ids it references. */
export function referencedResponses(body: Record<string, unknown>): { previous?: string; items: string[] } {
  const items = new Set<string>();
  for (const item of inputItems(body)) {
    if (!isRecord(item) || item.type !== "item_reference" || typeof item.id !== "string") continue;
    items.add(item.id);
  }
  const prev = body.previous_response_id;
  return { ...(typeof prev === "string" && prev ? { previous: prev } : {}), items: [...items] };
}

/**
 * The body with the previous response's transcript in front of its input and each item reference
 * replaced by the item it names (`owners`: item id → the response that holds it). References the
 * store does not hold are returned; `previous_response_id` is dropped only when it was found.
 */
export function expandBody(
  body: Record<string, unknown>,
  found: ReadonlyMap<string, StoredResponse>,
  owners: ReadonlyMap<string, string>,
): { body: Record<string, unknown>; resolvedPrevious: boolean; unresolved: string[] } {
  const prevId = typeof body.previous_response_id === "string" ? body.previous_response_id : undefined;
  const prev = prevId ? found.get(prevId) : undefined;
  const unresolved: string[] = [];
  const input = inputItems(body).map((item) => {
    const hit = resolveReference(item, found, owners);
    if (hit === item && isRecord(item) && item.type === "item_reference") unresolved.push(String(item.id));
    return hit;
  });
  const out: Record<string, unknown> = { ...body, input: prev ? [...transcript(prev), ...input] : input };
  if (prev) delete out.previous_response_id;
  return { body: out, resolvedPrevious: prev !== undefined, unresolved };
}

/** Everything a stored response's successor sees: its input, then its output items. */
export function transcript(s: StoredResponse): unknown[] {
  const output = Array.isArray(s.response.output) ? s.response.output : [];
  return [...s.input, ...output];
}

function resolveReference(
  item: unknown,
  found: ReadonlyMap<string, StoredResponse>,
  owners: ReadonlyMap<string, string>,
): unknown {
  if (!isRecord(item) || item.type !== "item_reference" || typeof item.id !== "string") return item;
  const owner = owners.get(item.id);
  const stored = owner ? found.get(owner) : undefined;
  if (!stored) return item;
  const hit = transcript(stored).find((i) => isRecord(i) && i.id === item.id);
  return hit ?? item;
}

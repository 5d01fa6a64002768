/**
 * Paged admin lists: `?limit=` (1–1000, default 100) and `?after=` (the `next` of the previous
 * page), answering `{"data": [...], "next": cursor | null}`, oldest first. The cursor is the
 * RecordStore's own, so every list of the admin API pages the same way.
 */
import { decodeCursor, encodeCursor } from "../state/record-input.js";
import type { RecordStore, StoredDocument } from "../state/types.js";
import { AdminError } from "./admin-error.js";

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export interface Page {
  data: unknown[];
  next: string | null;
}

/** `limit` and `after` from the query, or a 400 naming the parameter. */
export function pageQuery(q: URLSearchParams): { limit: number; after?: string } {
  const raw = q.get("limit");
  const limit = raw === null || raw === "" ? DEFAULT_PAGE : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new AdminError(
      400,
      "invalid_parameter",
      `limit: expected an integer from 1 to ${MAX_PAGE}, got '${raw}'`,
      "limit",
    );
  const after = q.get("after") || undefined;
  if (after !== undefined) {
    try {
      decodeCursor(after);
    } catch {
      throw new AdminError(
        400,
        "invalid_parameter",
        "after: not a cursor from a previous page's `next`; start without it",
        "after",
      );
    }
  }
  return { limit, ...(after ? { after } : {}) };
}

/**
 * One page of a document kind, each document shown by `show`. With `keep` (a filter), pages of
 * the store are read until one more than `limit` documents matched or the kind ends, so a
 * filtered list pages like an unfiltered one: full pages, and `next` null exactly on the last.
 */
export async function listPage<T>(
  records: RecordStore,
  kind: string,
  q: URLSearchParams,
  show: (doc: T) => unknown = (doc) => doc,
  keep: (doc: T) => boolean = () => true,
): Promise<Page> {
  const { limit, after: start } = pageQuery(q);
  const kept: StoredDocument<T>[] = [];
  let after = start;
  do {
    const page = await records.list<T>(kind, {
      limit: Math.min(MAX_PAGE, limit + 1),
      ...(after ? { after } : {}),
    });
    kept.push(...page.items.filter((i) => keep(i.doc)));
    after = page.next ?? undefined;
  } while (after && kept.length <= limit);
  const shown = kept.slice(0, limit);
  const last = shown.at(-1);
  return {
    data: shown.map((i) => show(i.doc)),
    next: kept.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

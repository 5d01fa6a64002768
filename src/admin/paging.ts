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

/** The cursor time of documents listed before the store's (config entities): below any real one. */
const FIRST = -1;

/**
 * One page of a document kind, each document shown by `show`. `first` (documents not in the
 * store: the config file's entities) come before the store's, under cursors of their own. With
 * `keep` (a filter), pages of the store are read until one more than `limit` documents matched
 * or the kind ends, so a filtered list pages like an unfiltered one: full pages, and `next` null
 * exactly on the last.
 */
export async function listPage<T>(
  records: RecordStore,
  kind: string,
  q: URLSearchParams,
  show: (doc: T) => unknown = (doc) => doc,
  keep: (doc: T) => boolean = () => true,
  first: ReadonlyArray<{ id: string; doc: T }> = [],
): Promise<Page> {
  const { limit, after: start } = pageQuery(q);
  const kept: Array<Pick<StoredDocument<T>, "id" | "doc" | "createdAt">> = [];
  let after = start;
  const cursor = start ? decodeCursor(start) : undefined;
  if (!cursor || cursor[0] === FIRST) {
    const from = cursor ? first.findIndex((f) => f.id === cursor[1]) + 1 : 0;
    kept.push(...first.slice(from).map((f) => ({ ...f, createdAt: FIRST })));
    after = undefined;
  }
  const shadowed = new Set(first.map((f) => f.id));
  while (kept.length <= limit) {
    const page = await records.list<T>(kind, {
      limit: Math.min(MAX_PAGE, limit + 1),
      ...(after ? { after } : {}),
    });
    kept.push(...page.items.filter((i) => !shadowed.has(i.id) && keep(i.doc)));
    after = page.next ?? undefined;
    if (!after) break;
  }
  const shown = kept.slice(0, limit);
  const last = shown.at(-1);
  return {
    data: shown.map((i) => show(i.doc)),
    next: kept.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

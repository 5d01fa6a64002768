/**
 * First-use anchors of rolling budgets that name none (config-file keys' budgets): the first time
 * any node uses such a budget, it stores a document of kind `budget_anchor` in the records store,
 * and the document's creation time is the anchor. The store keeps a document's creation time when
 * it is replaced, so nodes that race to create it all read the same time, and a restart keeps it.
 * Each node keeps what it read for the life of the process.
 */
import type { RecordStore } from "../state/types.js";

export const ANCHOR_KIND = "budget_anchor";

export class BudgetAnchors {
  readonly #known = new Map<string, Promise<number>>();

  constructor(private readonly records: () => Promise<RecordStore>) {}

  /** The anchors of `ids` (see `anchorId` in rules.ts), creating the missing ones now. */
  async resolve(ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!ids.length) return out;
    await Promise.all(
      ids.map(async (id) => {
        let p = this.#known.get(id);
        if (!p) {
          p = this.#load(id);
          this.#known.set(id, p);
          // A failed read is tried again on the next request.
          p.catch(() => this.#known.delete(id));
        }
        out.set(id, await p);
      }),
    );
    return out;
  }

  async #load(id: string): Promise<number> {
    const store = await this.records();
    const found = await store.get(ANCHOR_KIND, id);
    if (found) return found.createdAt;
    await store.put(ANCHOR_KIND, id, { budget: id });
    const stored = await store.get(ANCHOR_KIND, id);
    if (!stored) throw new Error(`the anchor of budget '${id}' was stored but cannot be read back`);
    return stored.createdAt;
  }
}

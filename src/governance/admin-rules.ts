/**
 * The admin API's budget and limit documents as each node sees them: read from the records
 * store and cached for `ADMIN_RULES_TTL_MS`, refreshed in the background so a request never
 * waits on a database that stopped answering (only a node's first read is waited for, up to the
 * request-path deadline).
 */
import type { Logger } from "pino";
import { withDeadline } from "../state/deadline.js";
import type { Storage } from "../state/storage.js";
import type { AdminRules, BudgetDoc, LimitDoc } from "./rules.js";

/** Document kinds of the admin API's budgets and limits. */
export const BUDGET_KIND = "governance_budget";
export const LIMIT_KIND = "governance_limit";
/** How stale a node's copy of the admin documents may be. */
export const ADMIN_RULES_TTL_MS = 5000;

export class AdminRulesCache {
  #copy: { at: number; rules: AdminRules } | undefined;
  #loading: Promise<AdminRules | undefined> | undefined;
  #gen = 0;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  /**
   * The documents. Read once the records store is in use (managed keys, the admin API, the
   * ledger) or is a shared database (PostgreSQL: other nodes may have written documents), so a
   * config-only gateway never creates a database file for them. With a copy in hand a request
   * goes on with it while a refresh runs (a refresh that fails keeps the copy). Undefined when
   * the first read failed: this node has no copy, and the caller chooses between refusing and
   * going on without them. `force` reads even an unused store and waits for the read.
   */
  async get(force = false): Promise<AdminRules | undefined> {
    const inUse = this.storage.opened.records || this.storage.config.records.backend !== "sqlite";
    if (!force && !inUse) return this.#copy?.rules ?? { budgets: [], limits: [] };
    if (this.#copy && Date.now() - this.#copy.at < ADMIN_RULES_TTL_MS) return this.#copy.rules;
    if (!this.#loading) {
      const gen = this.#gen;
      const loading: Promise<AdminRules | undefined> = this.#load()
        .then((rules) => {
          // A read that began before this node changed a document must not bring the old copy back.
          if (gen === this.#gen) this.#copy = { at: Date.now(), rules };
          return rules;
        })
        .catch((err: unknown) => {
          this.logger.warn(
            { err: (err as Error).message, copy: this.#copy ? "last good copy kept" : "none yet" },
            "limits: admin budgets and limits could not be read",
          );
          return this.#copy?.rules;
        })
        .finally(() => {
          if (this.#loading === loading) this.#loading = undefined;
        });
      this.#loading = loading;
    }
    const pending = this.#loading;
    if (force) return pending;
    if (this.#copy) return this.#copy.rules;
    return withDeadline(pending, "admin budgets and limits").catch(() => undefined);
  }

  /** Drops the copy (after a change through this node's admin API). */
  invalidate(): void {
    this.#copy = undefined;
    this.#loading = undefined;
    this.#gen++;
  }

  async #load(): Promise<AdminRules> {
    const store = await this.storage.records();
    const all = async <T>(kind: string): Promise<T[]> => {
      const out: T[] = [];
      let after: string | undefined;
      do {
        const page = await store.list<T>(kind, { limit: 1000, ...(after ? { after } : {}) });
        out.push(...page.items.map((i) => withAnchor(i.doc, i.createdAt)));
        after = page.next ?? undefined;
      } while (after);
      return out;
    };
    return { budgets: await all<BudgetDoc>(BUDGET_KIND), limits: await all<LimitDoc>(LIMIT_KIND) };
  }
}

/**
 * A rolling budget document without an anchor (one stored before anchors were) counts from the
 * document's creation, which the records store keeps across updates.
 */
function withAnchor<T>(doc: T, createdAt: number): T {
  const b = doc as Partial<BudgetDoc>;
  if (b.alignment !== "rolling" || b.anchor) return doc;
  return { ...doc, anchor: new Date(createdAt).toISOString() };
}

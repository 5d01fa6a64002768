/**
 * Stored responses in the record store: kind `response`, id the response id, scoped to the
 * caller's key so one key never reads, continues or deletes another's responses
 * (docs/state.md), and expiring after `responses.retention_days`.
 */
import type { StoredResponse } from "../../dialects/responses/conversation.js";
import type { RequestContext } from "../../pipeline/context.js";
import type { RecordStore } from "../../state/types.js";
import type { GatewayState } from "../gateway-state.js";

const KIND = "response";
/** Item id → the response that holds it, for `item_reference` (any provider's item ids). */
const ITEM_KIND = "response_item";
const DAY_MS = 24 * 60 * 60 * 1000;

/** The stored responses one request may see. */
export class ResponseStore {
  constructor(
    private readonly records: RecordStore,
    private readonly scope: string | undefined,
    private readonly retentionMs: number,
  ) {}

  async get(id: string): Promise<StoredResponse | undefined> {
    const hit = await this.records.get<StoredResponse>(KIND, id, this.options());
    return hit?.doc;
  }

  /** Several at once (a request's previous response and the ones its item references name). */
  async getMany(ids: readonly string[]): Promise<Map<string, StoredResponse>> {
    const out = new Map<string, StoredResponse>();
    for (const id of ids) {
      const doc = await this.get(id);
      if (doc) out.set(id, doc);
    }
    return out;
  }

  async put(id: string, doc: StoredResponse, now = Date.now()): Promise<void> {
    const options = { ...this.options(), expiresAt: now + this.retentionMs };
    await this.records.put(KIND, id, doc, options);
    for (const item of Array.isArray(doc.response.output) ? doc.response.output : []) {
      const itemId = (item as { id?: unknown } | null)?.id;
      if (typeof itemId === "string") await this.records.put(ITEM_KIND, itemId, { response_id: id }, options);
    }
  }

  /** Which stored responses hold these items (those not found are absent). */
  async owners(itemIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of itemIds) {
      const hit = await this.records.get<{ response_id: string }>(ITEM_KIND, id, this.options());
      if (hit) out.set(id, hit.doc.response_id);
    }
    return out;
  }

  delete(id: string): Promise<boolean> {
    return this.records.delete(KIND, id, this.options());
  }

  private options(): { scope?: string } {
    return this.scope === undefined ? {} : { scope: this.scope };
  }
}

/** The caller's response store (the record store opens on first use). */
export async function responseStoreFor(gw: GatewayState, ctx: RequestContext): Promise<ResponseStore> {
  const records = await gw.storage.records();
  const days = ctx.serving.snapshot.config.responses.retention_days;
  // The key's configured name: the identity every auth plugin sets (src/pipeline/identity.ts).
  return new ResponseStore(records, ctx.identity?.key, days * DAY_MS);
}

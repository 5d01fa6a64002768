/** The usage ledger's row for one settled request. */
import { randomUUID } from "node:crypto";
import type { UsageRecord } from "../observability/record.js";
import type { RequestContext } from "../pipeline/context.js";

export function ledgerRow(ctx: RequestContext, record: UsageRecord, costMicro: number, at: number) {
  const u = ctx.usage;
  const id = ctx.identity;
  // why: a client-chosen x-request-id may repeat; the ledger's request_id is unique, so a
  // repeat would silently drop spend.
  const clientId = ctx.headers["x-request-id"] === ctx.id;
  return {
    // why: the instant the request was charged to its periods, not its arrival, so a restart's
    // rebuild (ledger sum from the period's start) counts it in the period its counters did —
    // also for a request that arrived just before a period began or a first-use anchor was set.
    timestamp: at,
    request_id: clientId ? `${ctx.id}#${randomUUID().slice(0, 8)}` : ctx.id,
    key: id?.key ?? null,
    consumer: id?.consumer ?? null,
    team: id?.team ?? null,
    tenant: id?.tenant ?? ctx.contract.tenant ?? null,
    model: ctx.model ?? null,
    provider: ctx.provider ?? null,
    workflow: ctx.contract.workflow ?? null,
    input_tokens: u?.input_tokens ?? 0,
    output_tokens: u?.output_tokens ?? 0,
    cached_tokens: u?.cached_tokens ?? 0,
    reasoning_tokens: u?.reasoning_tokens ?? 0,
    total_tokens: (u?.input_tokens ?? 0) + (u?.output_tokens ?? 0),
    cost_usd: record.cost_usd ?? costMicro / 1e6,
  };
}

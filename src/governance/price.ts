/**
 * The one place the limits engine asks what tokens cost: the gateway's price table
 * (src/observability/cost.ts). Amounts are micro-dollars (integers), as the counters keep them.
 */
import type { PriceTable } from "../observability/cost.js";

export interface PricedTokens {
  input_tokens: number;
  output_tokens: number;
  cached_tokens?: number | null;
  cache_write_tokens?: number | null;
}

/** Micro-USD for `tokens` at `model`'s prices, rounded up (a hold never under-counts); null when unpriced. */
export function microUsd(pricing: PriceTable, model: string, tokens: PricedTokens): number | null {
  const usd = pricing.costOf(model, tokens);
  return usd === null ? null : Math.ceil(usd * 1e6 - 1e-6);
}

/** USD (as a usage record holds it) → micro-USD, to the nearest micro-dollar. */
export const toMicro = (usd: number): number => Math.round(usd * 1e6);

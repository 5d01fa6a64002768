/**
 * Cost from tokens: a per-model price table (built-in list prices, overridable per model in
 * config) and the arithmetic that turns canonical token counts into USD. The built-in prices are
 * declared by each provider's folder (`src/providers/<type>/prices.json`) and read through the
 * provider registry.
 */
import { z } from "zod";
import { PROVIDERS } from "../providers/registry.js";

/** A price in USD per million tokens; past $1M per million tokens it is a typo, not a price. */
const price = () => z.number().nonnegative().max(1_000_000);

/** One model's prices, USD per million tokens. */
export const modelPriceSchema = z
  .object({
    input_per_mtok: price(),
    output_per_mtok: price(),
    /** Cache-read input tokens; defaults to the input price. */
    cached_input_per_mtok: price().optional(),
    /** Cache-write input tokens; defaults to the input price. */
    cache_write_per_mtok: price().optional(),
    /** Reasoning output tokens; defaults to the output price. */
    reasoning_per_mtok: price().optional(),
    /** Batch-API input tokens; defaults to the input price. */
    batch_input_per_mtok: price().optional(),
    /** Batch-API output tokens; defaults to the output price. */
    batch_output_per_mtok: price().optional(),
  })
  .strict();

/** `observability.pricing`: model name → prices. Overrides the built-in table for that model. */
export const pricingConfigSchema = z.record(z.string().min(1), modelPriceSchema);

export type ModelPrice = z.infer<typeof modelPriceSchema>;
export type PricingConfig = z.infer<typeof pricingConfigSchema>;

/** Token counts as canonical `Usage` holds them: input INCLUDES cached and cache-write tokens. */
export interface TokenCounts {
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens?: number | null;
  cache_write_tokens?: number | null;
  /** Output tokens spent on reasoning, INCLUDED in output_tokens. */
  reasoning_tokens?: number | null;
}

/** A configured target as pricing sees it: its upstream model and an optional `price:` override. */
export interface PricedTarget {
  model: string;
  price?: unknown;
}

/**
 * The built-in table: every registered provider's declared prices, keyed by model name. A model
 * is priced by the provider that is its vendor, so no two providers list the same name (the
 * registry's test checks it).
 */
export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze(
  Object.assign({}, ...[...PROVIDERS.values()].map((d) => d.prices?.models ?? {})),
);

/** Bedrock cross-region inference profile prefixes (`us.amazon.nova-pro-v1:0`). */
const REGION_PREFIX = /^(us|eu|apac|us-gov|global)\./;
/** Vendor prefixes in Bedrock model ids whose family names are priced without it. */
const VENDOR_PREFIX = /^(anthropic|cohere|mistral)\./;
/** Version and date suffixes: `-2024-08-06`, `-20250929`, `@20250929`, `-08-2024`, `-2411`, `-latest`, `-v1:0`. */
const SUFFIXES = [
  /-v\d+(:\d+)?$/,
  /@[\w.-]+$/,
  /-\d{4}-\d{2}-\d{2}$/,
  /-\d{8}$/,
  /-\d{2}-\d{4}$/,
  /-\d{4}$/,
  /-latest$/,
];

/** Names to try, most specific first: the name as given, then progressively normalized. */
export function candidateNames(model: string): string[] {
  const out = [model];
  let name = model.toLowerCase();
  const slash = name.lastIndexOf("/");
  if (slash >= 0) name = name.slice(slash + 1);
  name = name.replace(REGION_PREFIX, "").replace(VENDOR_PREFIX, "");
  out.push(name);
  for (const suffix of SUFFIXES) {
    const next = name.replace(suffix, "");
    if (next !== name) {
      name = next;
      out.push(name);
    }
  }
  return out;
}

const MAX_MEMO = 1024;

/** Looks up prices by model name and computes request cost. Lookups are memoized. */
export class PriceTable {
  private readonly memo = new Map<string, ModelPrice | null>();

  constructor(
    private readonly overrides: PricingConfig = {},
    private readonly table: Readonly<Record<string, ModelPrice>> = BUILTIN_PRICES,
  ) {}

  /** Prices for a model (config override first, then the built-in table); null when unknown. */
  priceOf(model: string | null): ModelPrice | null {
    if (!model) return null;
    const hit = this.memo.get(model);
    if (hit !== undefined) return hit;
    const names = candidateNames(model);
    // why: a config price for a family (`gpt-4o`) beats the built-in price of a dated id (`gpt-4o-2024-08-06`).
    let found: ModelPrice | null = null;
    for (const table of [this.overrides, this.table]) {
      for (const name of names) {
        found = table[name] ?? null;
        if (found) break;
      }
      if (found) break;
    }
    if (this.memo.size < MAX_MEMO) this.memo.set(model, found);
    return found;
  }

  /**
   * Cost in USD of `tokens` at `model`'s prices, or null when the model is unknown or the
   * token counts are. Never 0 for "don't know".
   */
  costOf(model: string | null, tokens: TokenCounts): number | null {
    const price = this.priceOf(model);
    if (!price) return null;
    return costAt(price, tokens);
  }

  /**
   * A target's prices: its own `price:` (config, USD per million tokens) first, then the model's
   * prices by name (config `observability.pricing`, then the built-in table); null when unknown.
   * The limits engine prices its estimate with this before the call.
   */
  priceFor(target: PricedTarget): ModelPrice | null {
    const own = targetPrice(target);
    return own ?? this.priceOf(target.model);
  }

  /**
   * Cost of a usage record: at the serving target's own price when it has one, else priced by the
   * model that served it (`provider_model`), falling back to the requested model name (which a
   * config override may price).
   */
  costOfRecord(
    record: TokenCounts & { provider_model: string | null; model: string | null },
    target?: PricedTarget,
  ): number | null {
    const own = target ? targetPrice(target) : null;
    if (own) return costAt(own, record);
    return this.costOf(record.provider_model, record) ?? this.costOf(record.model, record);
  }
}

/** A target's `price:` as validated by the config (null when it has none). */
function targetPrice(target: PricedTarget): ModelPrice | null {
  if (target.price === undefined) return null;
  const parsed = modelPriceSchema.safeParse(target.price);
  return parsed.success ? parsed.data : null;
}

const DEFAULT_TABLE = new PriceTable();

/** `PriceTable.priceFor` on the built-in table (no `observability.pricing` overrides). */
export function priceFor(target: PricedTarget, table: PriceTable = DEFAULT_TABLE): ModelPrice | null {
  return table.priceFor(target);
}

/** What is known before a call: the prompt's tokens and the output cap the request will be sent with. */
export interface CostEstimateInput {
  prompt_tokens: number;
  max_output_tokens: number;
}

/**
 * The most a call can cost, in USD, before it is made: every prompt token at the full input price
 * (a cache hit only makes it cheaper) and every allowed output token at the dearer of the output
 * and reasoning prices (the split is unknown until the response). An upper bound, so a
 * reservation made with it never falls short of the settled cost.
 */
export function estimateCostUsd(
  prices: ModelPrice,
  input: CostEstimateInput,
  opts: { batch?: boolean } = {},
): number {
  const inPrice = opts.batch ? (prices.batch_input_per_mtok ?? prices.input_per_mtok) : prices.input_per_mtok;
  const outPrice = opts.batch
    ? (prices.batch_output_per_mtok ?? prices.output_per_mtok)
    : prices.output_per_mtok;
  const writePrice = Math.max(inPrice, opts.batch ? inPrice : (prices.cache_write_per_mtok ?? inPrice));
  const dearestOut = Math.max(outPrice, opts.batch ? outPrice : (prices.reasoning_per_mtok ?? outPrice));
  const micro =
    Math.max(0, input.prompt_tokens) * writePrice + Math.max(0, input.max_output_tokens) * dearestOut;
  // why: round UP to the 1e-10 step, so the bound stays a bound.
  return Math.ceil(micro * 1e4) / 1e10;
}

/**
 * The arithmetic: uncached input + cache reads + cache writes + output, with reasoning tokens (part
 * of output) at the reasoning price when one is set; `batch` prices the call at the batch-API
 * prices (no cache or reasoning prices apply there). Rounded to 1e-10 USD so a record holds
 * `4.5e-7`, not the float noise `4.4999999999999994e-7`.
 */
export function costAt(
  price: ModelPrice,
  tokens: TokenCounts,
  opts: { batch?: boolean } = {},
): number | null {
  if (tokens.input_tokens === null || tokens.output_tokens === null) return null;
  let micro: number;
  if (opts.batch) {
    micro =
      tokens.input_tokens * (price.batch_input_per_mtok ?? price.input_per_mtok) +
      tokens.output_tokens * (price.batch_output_per_mtok ?? price.output_per_mtok);
  } else {
    const cached = tokens.cached_tokens ?? 0;
    const written = tokens.cache_write_tokens ?? 0;
    const fresh = Math.max(0, tokens.input_tokens - cached - written);
    const reasoning = Math.min(tokens.reasoning_tokens ?? 0, tokens.output_tokens);
    micro =
      fresh * price.input_per_mtok +
      cached * (price.cached_input_per_mtok ?? price.input_per_mtok) +
      written * (price.cache_write_per_mtok ?? price.input_per_mtok) +
      (tokens.output_tokens - reasoning) * price.output_per_mtok +
      reasoning * (price.reasoning_per_mtok ?? price.output_per_mtok);
  }
  // why: `micro` is in millionths of a dollar; 1e4 of them per 1e-10 USD step.
  return Math.round(micro * 1e4) / 1e10;
}

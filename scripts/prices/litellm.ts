/**
 * LiteLLM's `model_prices_and_context_window.json` (USD per token) → a provider folder's
 * `prices.json` models (USD per million tokens). Which LiteLLM entries a folder takes is declared
 * in that folder's own `prices.json` (`litellm`), so this file names no provider.
 */
import { candidateNames } from "../../src/observability/cost.js";
import type { ModelListPrice } from "../../src/providers/types.js";

/** A folder's declaration: which LiteLLM providers, which key prefix to drop, which names to keep. */
export interface LiteLLMSelection {
  /** `litellm_provider` values to take. */
  providers: string[];
  /** A key prefix LiteLLM puts before the model's own name (e.g. `vendor/`); dropped. */
  strip_prefix?: string;
  /** A regular expression the (stripped) name must match, to keep only the vendor's own models. */
  match?: string;
}

/** Modes whose prices are per token of text. */
const MODES = new Set(["chat", "completion", "responses", "embedding"]);

const FIELDS: Array<[string, keyof ModelListPrice]> = [
  ["input_cost_per_token", "input_per_mtok"],
  ["output_cost_per_token", "output_per_mtok"],
  ["cache_read_input_token_cost", "cached_input_per_mtok"],
  ["cache_creation_input_token_cost", "cache_write_per_mtok"],
  ["output_cost_per_reasoning_token", "reasoning_per_mtok"],
  ["input_cost_per_token_batches", "batch_input_per_mtok"],
  ["output_cost_per_token_batches", "batch_output_per_mtok"],
];

/** Per token → per million tokens, without float noise (2.5e-6 → 2.5, not 2.4999999999999996). */
export function perMillion(perToken: number): number {
  return Number((perToken * 1e6).toPrecision(10));
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** The models of `data` a selection takes, by name, in name order. */
export function selectPrices(
  data: Record<string, unknown>,
  sel: LiteLLMSelection,
): Record<string, ModelListPrice> {
  const match = sel.match ? new RegExp(sel.match) : undefined;
  const out: Record<string, ModelListPrice> = {};
  for (const [key, raw] of Object.entries(data)) {
    if (typeof raw !== "object" || raw === null) continue;
    const entry = raw as Record<string, unknown>;
    if (!sel.providers.includes(String(entry.litellm_provider))) continue;
    if (!MODES.has(String(entry.mode))) continue;
    let name = key;
    if (sel.strip_prefix && name.startsWith(sel.strip_prefix)) name = name.slice(sel.strip_prefix.length);
    // why: other slashes are regional or routing variants (`region/model`) priced elsewhere or differently.
    if (name.includes("/") || name.startsWith("ft:")) continue;
    if (match && !match.test(name)) continue;
    const input = num(entry.input_cost_per_token);
    const output = num(entry.output_cost_per_token) ?? (entry.mode === "embedding" ? 0 : undefined);
    // why: LiteLLM writes 0 for prices it does not know; "free" is not a list price we can trust.
    if (input === undefined || output === undefined || (input === 0 && output === 0)) continue;
    const price: Record<string, number> = {};
    for (const [from, to] of FIELDS) {
      const v = from === "output_cost_per_token" ? output : num(entry[from]);
      if (v !== undefined) price[to] = perMillion(v);
    }
    out[name] = price as unknown as ModelListPrice;
  }
  addFamilies(out);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * LiteLLM lists dated ids (`x-20241022`, `x-v1:0`, `x-2411`, `x-latest`); clients also ask for the
 * bare family name (`x`). A family gets the `-latest` variant's price, or the one price all its
 * variants share; a family whose variants disagree and have no `-latest` stays unpriced rather
 * than priced at a guess.
 */
function addFamilies(out: Record<string, ModelListPrice>): void {
  const families = new Map<string, string[]>();
  for (const name of Object.keys(out)) {
    const family = candidateNames(name).at(-1) as string;
    if (family === name || out[family]) continue;
    families.set(family, [...(families.get(family) ?? []), name]);
  }
  for (const [family, variants] of families) {
    const latest = out[`${family}-latest`];
    const prices = new Set(variants.map((v) => JSON.stringify(out[v])));
    if (latest) out[family] = latest;
    else if (prices.size === 1) out[family] = out[variants[0] as string] as ModelListPrice;
  }
}

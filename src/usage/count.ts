/**
 * Token counting for usage the provider did not report. OpenAI-family models are counted with
 * their own BPE encoding (`gpt-tokenizer`): `o200k_base` for GPT-4o, GPT-4.1, GPT-5 and the
 * o-series, `cl100k_base` for GPT-4, GPT-3.5 and the `text-embedding-3`/`ada-002` models
 * (https://github.com/openai/tiktoken/blob/main/tiktoken/model.py). Every other model is estimated
 * at one token per four characters (OpenAI's rule of thumb for English text,
 * https://help.openai.com/en/articles/4936856), because its tokenizer is not available here.
 *
 * Each encoding loads lazily, in the background, the first time a count needs it, or when
 * `warmTokenizers()` asks for both (measured on a 2-core VM: 0.4–0.5 s of CPU and 40–70 MB of
 * memory each). Counting stays synchronous: until its encoding is loaded, an OpenAI-family model
 * is estimated too, and the method says so. A gateway whose providers all report usage never loads
 * either.
 */

/** How a count was made. */
export type CountMethod = "o200k_base" | "cl100k_base" | "chars/4";

type Encoding = "o200k_base" | "cl100k_base";
type Counter = (text: string) => number;

const encoders: Partial<Record<Encoding, Counter>> = {};
const loading: Partial<Record<Encoding, Promise<void>>> = {};
const IMPORTS: Record<Encoding, () => Promise<{ countTokens: Counter }>> = {
  o200k_base: () => import("gpt-tokenizer/encoding/o200k_base"),
  cl100k_base: () => import("gpt-tokenizer/encoding/cl100k_base"),
};

function load(encoding: Encoding): Promise<void> {
  loading[encoding] ??= IMPORTS[encoding]().then((m) => {
    encoders[encoding] = m.countTokens;
  });
  return loading[encoding];
}

/** Starts loading both encodings (once) and resolves when they are ready. */
export function warmTokenizers(): Promise<void> {
  return Promise.all([load("o200k_base"), load("cl100k_base")]).then(() => undefined);
}

const O200K = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4)(\b|-|$)/;
const CL100K = /^(gpt-4|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada-002)(\b|-|$)/;

/**
 * The encoding of an OpenAI-family model, or undefined for others. A vendor prefix
 * (`openai/gpt-4o` on OpenRouter, `azure/…`) is ignored.
 */
export function encodingFor(model: string): Encoding | undefined {
  const name = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  if (O200K.test(name)) return "o200k_base";
  if (CL100K.test(name)) return "cl100k_base";
  return undefined;
}

/** Characters / 4, rounded up: the documented estimate for models without a known tokenizer. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * A real tokenizer for `model`, loaded before it resolves: its own encoding where it is an OpenAI
 * model, else `o200k_base` as the nearest BPE available here (for `count_tokens` answers, which
 * are worth the load; usage estimates stay synchronous, below).
 */
export async function tokenizerFor(model: string): Promise<{ count: Counter; method: Encoding }> {
  const encoding = encodingFor(model) ?? "o200k_base";
  await load(encoding);
  const loaded = encoders[encoding]!;
  return { count: (t) => (t ? loaded(t) : 0), method: encoding };
}

/** A token counter for `model`: its encoding where known and loaded, else characters / 4. */
export function counterFor(model: string): { count: Counter; method: CountMethod } {
  const encoding = encodingFor(model);
  if (!encoding) return { count: estimateTokens, method: "chars/4" };
  const loaded = encoders[encoding];
  if (loaded) return { count: (t) => (t ? loaded(t) : 0), method: encoding };
  void load(encoding);
  return { count: estimateTokens, method: "chars/4" };
}

/**
 * Semantic: the request's last user message goes to the target whose `description` is most
 * similar (cosine of sentence embeddings). Below `threshold`, or when the prompt has no text,
 * `catch_all` goes first (or the list order stays, without one). Description embeddings are
 * cached per text; the first request embeds them with its prompt in one call. When the embedder
 * fails, the request is not failed: it gets the below-threshold order.
 */
import { cosine, type Embedder } from "../../embedders/embedder.js";
import type { Balancer, PlanInput, TargetScore, WeightedTarget } from "./balancer.js";
import type { BalancerConfigOf } from "./config.js";

type Settings = Omit<BalancerConfigOf<"semantic">, "algorithm" | "embedder">;

/** The text of the request's last user message, cut to `max` characters. */
export function lastUserText(input: PlanInput | undefined, max: number): string {
  const messages = input?.request.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== "user") continue;
    let text = "";
    for (const p of m.content) if (p.type === "text") text += (text ? "\n" : "") + p.text;
    return text.trim().slice(0, max);
  }
  return "";
}

interface Judged<T> {
  order: T[];
  similarity: Map<T, number>;
  note?: string;
}

export function semanticBalancer<T extends WeightedTarget & object>(
  settings: Partial<Settings>,
  embedder: Embedder,
): Balancer<T> {
  const s: Settings = { threshold: 0.3, max_chars: 2000, ...settings };
  const cache = new Map<string, number[]>();

  async function vectors(prompt: string, targets: readonly T[]): Promise<number[]> {
    const missing = [
      ...new Set(targets.flatMap((t) => (t.description && !cache.has(t.description) ? [t.description] : []))),
    ];
    const out = await embedder.embed([prompt, ...missing]);
    for (const [i, d] of missing.entries()) cache.set(d, out[i + 1]!);
    return out[0]!;
  }

  function fallbackOrder(targets: readonly T[]): T[] {
    const catchAll = targets.find((t) => t.id === s.catch_all);
    return catchAll ? [catchAll, ...targets.filter((t) => t !== catchAll)] : [...targets];
  }

  async function judge(targets: readonly T[], input: PlanInput | undefined): Promise<Judged<T>> {
    const similarity = new Map<T, number>();
    const prompt = lastUserText(input, s.max_chars);
    if (!prompt) return { order: fallbackOrder(targets), similarity, note: "no user text" };
    let p: number[];
    try {
      p = await vectors(prompt, targets);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { order: fallbackOrder(targets), similarity, note: `embedder failed: ${why}` };
    }
    for (const t of targets) if (t.description) similarity.set(t, cosine(p, cache.get(t.description)!));
    const best = Math.max(...similarity.values());
    if (!(best >= s.threshold)) {
      return { order: fallbackOrder(targets), similarity, note: `best similarity below ${s.threshold}` };
    }
    const order = [...targets].sort((a, b) => (similarity.get(b) ?? -2) - (similarity.get(a) ?? -2));
    return { order, similarity };
  }

  return {
    plan: async (targets, input) => (targets.length < 2 ? [...targets] : (await judge(targets, input)).order),
    async scores(targets, input): Promise<TargetScore[]> {
      const j = await judge(targets, input);
      return targets.map((t) => {
        const sim = j.similarity.get(t);
        const note = [t.id === s.catch_all ? "catch-all" : undefined, j.note].filter(Boolean).join("; ");
        return {
          ...(sim !== undefined ? { score: sim } : {}),
          metric: `cosine similarity (${embedder.name})`,
          ...(note ? { note } : {}),
        };
      });
    },
  };
}

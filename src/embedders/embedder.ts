/**
 * Sentence embeddings behind one interface: the semantic balancer uses it today; the caching and
 * guardrail plugins are to reuse it. Two implementations: `gatewayEmbedder` (an embeddings model
 * of this gateway) and `localEmbedder` (an encoder in this process, no network).
 */

export interface Embedder {
  /** For explain and errors: `local:use-lite`, `model:<name>`. */
  readonly name: string;
  /** One vector per text, in order, all of one dimension. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** Cosine similarity in [-1, 1]; 0 when either vector is all zeros. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Throws unless `vectors` is one finite vector per text, all of one non-zero dimension. */
export function checkVectors(name: string, texts: readonly string[], vectors: unknown): number[][] {
  if (!Array.isArray(vectors) || vectors.length !== texts.length) {
    throw new Error(
      `embedder ${name} returned ${Array.isArray(vectors) ? vectors.length : "no"} vectors for ${texts.length} texts`,
    );
  }
  const dim = Array.isArray(vectors[0]) ? vectors[0].length : 0;
  for (const v of vectors) {
    if (!Array.isArray(v) || v.length !== dim || dim === 0 || !v.every((x) => Number.isFinite(x))) {
      throw new Error(
        `embedder ${name} returned a vector that is not ${dim || "a non-zero"}-dimensional and finite`,
      );
    }
  }
  return vectors as number[][];
}

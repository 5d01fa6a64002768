/**
 * Embeddings from a model of this gateway (any configured provider's embeddings target). The
 * runtime passes the call as a function, so this file knows nothing of providers or HTTP.
 */
import { checkVectors, type Embedder } from "./embedder.js";

export type EmbedTexts = (texts: readonly string[]) => Promise<number[][]>;

/** An embedder over `embed`, which checks what comes back (one finite vector per text). */
export function gatewayEmbedder(model: string, embed: EmbedTexts): Embedder {
  const name = `model:${model}`;
  return {
    name,
    async embed(texts) {
      if (texts.length === 0) return [];
      return checkVectors(name, texts, await embed(texts));
    },
  };
}

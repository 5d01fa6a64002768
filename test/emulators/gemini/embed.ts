/**
 * Gemini embeddings (https://ai.google.dev/api/embeddings): deterministic vectors derived from the
 * text, cheap enough for the benchmark (no per-request allocation beyond the output).
 */
import type { RouteMatch } from "../types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** gemini-embedding-001 answers 3072 dimensions unless `outputDimensionality` says otherwise. */
const DEFAULT_DIMENSIONS = 3072;

function vector(text: string, dims: number): number[] {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  const out = new Array<number>(dims);
  for (let i = 0; i < dims; i++) out[i] = Math.round(Math.sin(h + i) * 1e6) / 1e7;
  return out;
}

function one(req: unknown, at: string): { values: number[] } {
  const r = isObj(req) ? req : {};
  const parts = isObj(r.content) && Array.isArray(r.content.parts) ? r.content.parts : [];
  const text = parts.map((p) => (isObj(p) && typeof p.text === "string" ? p.text : "")).join("");
  if (!text) throw new Error(`* ${at}.content.parts: must not be empty`);
  const dims = typeof r.outputDimensionality === "number" ? r.outputDimensionality : DEFAULT_DIMENSIONS;
  return { values: vector(text, dims) };
}

/** `{embedding}` for embedContent, `{embeddings}` for batchEmbedContents. */
export function embedJson(body: unknown, match: RouteMatch): unknown {
  if (match.params.method === "embedContent") return { embedding: one(body, "EmbedContentRequest") };
  const requests = isObj(body) && Array.isArray(body.requests) ? body.requests : [];
  return {
    embeddings: requests.map((r, i) => {
      // The batch refuses entries that name another model than the URL.
      if (!isObj(r) || r.model !== `models/${match.params.model}`) {
        throw new Error(
          `* BatchEmbedContentsRequest.requests[${i}].model: model must be models/${match.params.model}`,
        );
      }
      return one(r, `BatchEmbedContentsRequest.requests[${i}]`);
    }),
  };
}

/**
 * The providers with an embeddings API, as the embeddings conformance suite sees them: one column
 * of the embeddings table each (Bedrock twice, for Titan and Cohere Embed). Provider configs are
 * the chat targets' own; only the model, its default width and its size parameter are added.
 */
import { type ConformanceTarget, type Endpoints, TARGETS } from "./targets.js";

type Json = Record<string, unknown>;

export interface EmbeddingsTarget {
  /** Column, and the model name in the gateway config (`<id>-drop` is its drop-mode twin). */
  id: string;
  provider(e: Endpoints): Json;
  target: Json;
  /** Vector length without `dimensions` (the emulated model's width). */
  width: number;
  /** The upstream field `dimensions` becomes, or why the model has none (refused with 400). */
  sizeField: string | { unsupported: string };
  /** The provider speaks OpenAI's encodings itself: `encoding_format` is forwarded. */
  nativeBase64: boolean;
}

const chat = (id: string): ConformanceTarget => {
  const t = TARGETS.find((x) => x.id === id);
  if (!t) throw new Error(`no conformance target '${id}'`);
  return t;
};
const config = (id: string) => (e: Endpoints) => chat(id).provider(e, false);

export const EMBEDDINGS_TARGETS: EmbeddingsTarget[] = [
  {
    id: "openai",
    provider: config("openai"),
    target: { model: "text-embedding-3-small" },
    width: 8,
    sizeField: "dimensions",
    nativeBase64: true,
  },
  {
    id: "azure-openai",
    provider: config("azure-openai"),
    target: { model: "text-embedding-3-small", deployment: "embed-prod" },
    width: 8,
    sizeField: "dimensions",
    nativeBase64: true,
  },
  {
    id: "openai-compatible",
    provider: config("openai-compatible"),
    target: { model: "nomic-embed-text" },
    width: 8,
    sizeField: "dimensions",
    nativeBase64: true,
  },
  {
    id: "mistral",
    provider: config("mistral"),
    target: { model: "codestral-embed" },
    width: 8,
    sizeField: "output_dimension",
    nativeBase64: true,
  },
  {
    id: "gemini",
    provider: config("gemini"),
    target: { model: "gemini-embedding-001" },
    width: 3072,
    sizeField: "outputDimensionality",
    nativeBase64: false,
  },
  {
    id: "cohere",
    provider: config("cohere"),
    target: { model: "embed-v4.0" },
    width: 1024,
    sizeField: "output_dimension",
    nativeBase64: true,
  },
  {
    id: "bedrock-titan",
    provider: config("bedrock-claude"),
    target: { model: "amazon.titan-embed-text-v2:0" },
    width: 1024,
    sizeField: "dimensions",
    nativeBase64: false,
  },
  {
    id: "bedrock-cohere",
    provider: config("bedrock-claude"),
    target: { model: "cohere.embed-english-v3" },
    width: 1024,
    sizeField: { unsupported: "Cohere Embed v3 has no output size (v4 takes `output_dimension`)" },
    nativeBase64: false,
  },
];

/** The gateway config: each target as it is, and with `on_unsupported: drop`. */
export function embeddingsConfig(e: Endpoints, key: string): Json {
  const providers: Json = {};
  const models: Json[] = [];
  for (const t of EMBEDDINGS_TARGETS) {
    providers[t.id] = t.provider(e);
    providers[`${t.id}-drop`] = { ...t.provider(e), on_unsupported: "drop" };
    models.push({ name: t.id, targets: [{ provider: t.id, ...t.target }] });
    models.push({ name: `${t.id}-drop`, targets: [{ provider: `${t.id}-drop`, ...t.target }] });
  }
  return {
    server: { host: "127.0.0.1", port: 0 },
    providers,
    models,
    keys: [{ name: "conformance", key }],
    logging: { level: "silent" },
  };
}

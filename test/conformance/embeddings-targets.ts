/**
 * The providers with an embeddings API, as the embeddings conformance suite sees them: one column
 * of the embeddings table each, declared by the emulator folders (Bedrock twice, for Titan and
 * Cohere Embed). Provider configs are the chat columns' own.
 */
import { EMBEDDINGS_COLUMNS } from "../emulators/conformance.js";
import type { Endpoints } from "./column.js";
import type { EmbeddingsTarget } from "./embeddings-column.js";

export type { EmbeddingsTarget } from "./embeddings-column.js";

type Json = Record<string, unknown>;

export const EMBEDDINGS_TARGETS: readonly EmbeddingsTarget[] = EMBEDDINGS_COLUMNS;

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

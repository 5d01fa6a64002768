/** Mistral's conformance column (served by the OpenAI emulator's Mistral flavour). */
import { type ConformanceTarget, firstMessage, key, NO_REASONING_COUNT } from "../../conformance/column.js";
import { chatProvider, type EmbeddingsTarget } from "../../conformance/embeddings-column.js";

export const MISTRAL_COLUMNS: ConformanceTarget[] = [
  {
    id: "mistral",
    provider: (e, bad) => ({
      type: "mistral",
      base_url: `${e.all}/v1`,
      api_key: key(bad, "mistral-emulated"),
    }),
    target: { model: "mistral-large-latest" },
    systemPlace: firstMessage,
    reports: { cachedRead: false, cacheWrite: false, reasoning: false },
    wholeToolCalls: true,
    unsupported: [
      { case: "content-filter", reason: "Mistral has no content-filter finish reason" },
      { case: "cache-usage", reason: "Mistral reports no prompt-cache token counts" },
      NO_REASONING_COUNT,
    ],
  },
];

/** The embeddings columns this emulator serves. */
export const MISTRAL_EMBEDDINGS: EmbeddingsTarget[] = [
  {
    id: "mistral",
    provider: chatProvider(MISTRAL_COLUMNS, "mistral"),
    target: { model: "codestral-embed" },
    width: 8,
    sizeField: "output_dimension",
    nativeBase64: true,
  },
];

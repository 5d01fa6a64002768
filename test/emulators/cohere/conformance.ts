/** Cohere's conformance column (the v2 Chat API). */
import { type ConformanceTarget, firstMessage, key, NO_REASONING_COUNT } from "../../conformance/column.js";
import { chatProvider, type EmbeddingsTarget } from "../../conformance/embeddings-column.js";

export const COHERE_COLUMNS: ConformanceTarget[] = [
  {
    id: "cohere",
    provider: (e, bad) => ({ type: "cohere", base_url: e.all, api_key: key(bad, "cohere-emulated") }),
    target: { model: "command-r-plus-08-2024" },
    systemPlace: firstMessage,
    reports: { cachedRead: true, cacheWrite: false, reasoning: false },
    unsupported: [
      {
        case: "content-filter",
        reason: "Cohere has no content-filter finish reason (a blocked generation ends with ERROR)",
      },
      NO_REASONING_COUNT,
      {
        case: "tool-choice-named",
        reason: "Cohere can require some tool, not one named tool among several",
        param: "tool_choice",
      },
    ],
  },
];

/** The embeddings columns this emulator serves. */
export const COHERE_EMBEDDINGS: EmbeddingsTarget[] = [
  {
    id: "cohere",
    provider: chatProvider(COHERE_COLUMNS, "cohere"),
    target: { model: "embed-v4.0" },
    width: 1024,
    sizeField: "output_dimension",
    nativeBase64: true,
  },
];

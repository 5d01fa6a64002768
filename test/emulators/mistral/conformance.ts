/** Mistral's conformance column (served by the OpenAI emulator's Mistral flavour). */
import { type ConformanceTarget, firstMessage, key, NO_REASONING_COUNT } from "../../conformance/column.js";

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

/**
 * Conformance columns served by the OpenAI emulator: OpenAI itself, Azure OpenAI (its deployment
 * routes) and an OpenAI-compatible server (the same wire format without auth, on the "local"
 * port). All three report cached and reasoning tokens the OpenAI way and serve every case, but for
 * the reasoning effort the Azure column's dated api-version does not know.
 */
import { type ConformanceTarget, firstMessage, key } from "../../conformance/column.js";
import { chatProvider, type EmbeddingsTarget } from "../../conformance/embeddings-column.js";

const OPENAI_USAGE = { cachedRead: true, cacheWrite: false, reasoning: true };

export const OPENAI_COLUMNS: ConformanceTarget[] = [
  {
    id: "openai",
    provider: (e, bad) => ({ type: "openai", base_url: `${e.all}/v1`, api_key: key(bad, "sk-emulated") }),
    target: { model: "gpt-4o-mini" },
    systemPlace: firstMessage,
    reports: OPENAI_USAGE,
  },
  {
    id: "azure-openai",
    provider: (e, bad) => ({
      type: "azure-openai",
      base_url: e.all,
      api_key: key(bad, "azure-emulated"),
      api_version: "2024-10-21",
    }),
    target: { model: "gpt-4o", deployment: "gpt4o-prod" },
    systemPlace: firstMessage,
    reports: OPENAI_USAGE,
    unsupported: [
      {
        case: "reasoning",
        reason:
          "Azure API version 2024-10-21 has no `reasoning_effort` (2024-12-01-preview and later have it)",
        param: "reasoning.effort",
      },
    ],
  },
  {
    id: "openai-compatible",
    provider: (e, bad) => ({
      type: "openai-compatible",
      base_url: `${e.local}/v1`,
      ...(bad ? { api_key: "invalid" } : {}),
    }),
    // A plain id (as llama-server or LM Studio name models): an Ollama `name:tag` would be
    // answered as Ollama, which ignores tool_choice and refuses image URLs (compatible.ts).
    target: { model: "qwen2.5-7b-instruct" },
    systemPlace: firstMessage,
    reports: OPENAI_USAGE,
  },
];

/** The embeddings columns this emulator serves. */
export const OPENAI_EMBEDDINGS: EmbeddingsTarget[] = [
  {
    id: "openai",
    provider: chatProvider(OPENAI_COLUMNS, "openai"),
    target: { model: "text-embedding-3-small" },
    width: 8,
    sizeField: "dimensions",
    nativeBase64: true,
  },
  {
    id: "azure-openai",
    provider: chatProvider(OPENAI_COLUMNS, "azure-openai"),
    target: { model: "text-embedding-3-small", deployment: "embed-prod" },
    width: 8,
    sizeField: "dimensions",
    nativeBase64: true,
  },
  {
    id: "openai-compatible",
    provider: chatProvider(OPENAI_COLUMNS, "openai-compatible"),
    target: { model: "nomic-embed-text" },
    width: 8,
    sizeField: "dimensions",
    nativeBase64: true,
  },
];

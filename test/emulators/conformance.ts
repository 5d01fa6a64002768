/**
 * The conformance registry: every emulator folder's conformance columns, in the matrix's column
 * order. Adding a provider's columns is one import and one line here. Test-only: the build leaves
 * it (and the folders' `conformance.ts`) out of the package.
 */
import type { ConformanceTarget } from "../conformance/column.js";
import type { EmbeddingsTarget } from "../conformance/embeddings-column.js";
import { ANTHROPIC_COLUMNS } from "./anthropic/conformance.js";
import { BEDROCK_COLUMNS, BEDROCK_EMBEDDINGS } from "./bedrock/conformance.js";
import { COHERE_COLUMNS, COHERE_EMBEDDINGS } from "./cohere/conformance.js";
import { GEMINI_COLUMNS, GEMINI_EMBEDDINGS } from "./gemini/conformance.js";
import { MISTRAL_COLUMNS, MISTRAL_EMBEDDINGS } from "./mistral/conformance.js";
import { OPENAI_COLUMNS, OPENAI_EMBEDDINGS } from "./openai/conformance.js";

export const CONFORMANCE_COLUMNS: readonly ConformanceTarget[] = [
  ...OPENAI_COLUMNS,
  ...MISTRAL_COLUMNS,
  ...ANTHROPIC_COLUMNS,
  ...BEDROCK_COLUMNS,
  ...GEMINI_COLUMNS,
  ...COHERE_COLUMNS,
];

/** The embeddings table's columns, in its column order. */
export const EMBEDDINGS_COLUMNS: readonly EmbeddingsTarget[] = [
  ...OPENAI_EMBEDDINGS,
  ...MISTRAL_EMBEDDINGS,
  ...GEMINI_EMBEDDINGS,
  ...COHERE_EMBEDDINGS,
  ...BEDROCK_EMBEDDINGS,
];

/**
 * The conformance registry: every emulator folder's conformance columns, in the matrix's column
 * order. Adding a provider's columns is one import and one line here. Test-only: the build leaves
 * it (and the folders' `conformance.ts`) out of the package.
 */
import type { ConformanceTarget } from "../conformance/column.js";
import { ANTHROPIC_COLUMNS } from "./anthropic/conformance.js";
import { BEDROCK_COLUMNS } from "./bedrock/conformance.js";
import { COHERE_COLUMNS } from "./cohere/conformance.js";
import { GEMINI_COLUMNS } from "./gemini/conformance.js";
import { MISTRAL_COLUMNS } from "./mistral/conformance.js";
import { OPENAI_COLUMNS } from "./openai/conformance.js";

export const CONFORMANCE_COLUMNS: readonly ConformanceTarget[] = [
  ...OPENAI_COLUMNS,
  ...MISTRAL_COLUMNS,
  ...ANTHROPIC_COLUMNS,
  ...BEDROCK_COLUMNS,
  ...GEMINI_COLUMNS,
  ...COHERE_COLUMNS,
];

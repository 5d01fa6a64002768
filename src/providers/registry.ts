/**
 * The provider registry: every provider type Tollgate speaks. Adding a provider is one folder under
 * `src/providers/` and one line here.
 */
import { anthropicProvider } from "./anthropic/index.js";
import { azureOpenaiProvider } from "./azure-openai/index.js";
import { bedrockProvider } from "./bedrock/index.js";
import { cohereProvider } from "./cohere/index.js";
import { geminiProvider } from "./gemini/index.js";
import { mistralProvider } from "./mistral/index.js";
import { openaiProvider } from "./openai/index.js";
import { openaiCompatibleProvider } from "./openai-compatible/index.js";
import type { ProviderDefinition } from "./types.js";
import { vertexProvider } from "./vertex/index.js";

// biome-ignore lint/suspicious/noExplicitAny: each definition has its own config type
type AnyDefinition = ProviderDefinition<any>;

const DEFINITIONS: AnyDefinition[] = [
  openaiProvider,
  anthropicProvider,
  azureOpenaiProvider,
  openaiCompatibleProvider,
  mistralProvider,
  bedrockProvider,
  cohereProvider,
  geminiProvider,
  vertexProvider,
];

export const PROVIDERS: ReadonlyMap<string, AnyDefinition> = new Map(DEFINITIONS.map((d) => [d.type, d]));

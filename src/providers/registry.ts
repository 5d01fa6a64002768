/**
 * The provider registry: every provider type Tollgate speaks. Adding a provider is one folder under
 * `src/providers/` and one line here.
 */
import { cohereProvider } from "./cohere/index.js";
import type { ProviderDefinition } from "./types.js";

// biome-ignore lint/suspicious/noExplicitAny: each definition has its own config type
type AnyDefinition = ProviderDefinition<any>;

const DEFINITIONS: AnyDefinition[] = [cohereProvider];

export const PROVIDERS: ReadonlyMap<string, AnyDefinition> = new Map(DEFINITIONS.map((d) => [d.type, d]));

/**
 * The plugin registry: every plugin Tollgate ships. Adding a plugin is one folder under
 * `src/plugins/` and one line here; custom plugins are passed to `createGateway({ plugins })`.
 */
import type { PluginRegistry } from "../runtime/runtime.js";
import { jwtAuthPlugin } from "./jwt-auth/index.js";
import { keyAuthPlugin } from "./key-auth/index.js";
import { maxTokensPlugin } from "./max-tokens/index.js";

export const BUILTIN_PLUGINS: PluginRegistry = new Map(
  [keyAuthPlugin, jwtAuthPlugin, maxTokensPlugin].map((d) => [d.name, d]),
);

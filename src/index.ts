/**
 * Tollgate as a library: `import { createGateway } from "tollgate"`. Custom plugins implement
 * `PluginDefinition` (docs/plugins.md).
 */
export type { ChatRequest, ChatResponse, Usage } from "./canonical/chat.js";
export type { ChatChunk } from "./canonical/chunk.js";
export { GatewayError } from "./canonical/errors.js";
export {
  ConfigError,
  createGateway,
  type Gateway,
  type GatewayOptions,
  type Listening,
  type ListenOptions,
  type ReloadResult,
} from "./gateway.js";
export type { UsageRecord } from "./observability/record.js";
export { getState, type RequestContext, type StateKey, setState, stateKey } from "./pipeline/context.js";
export type { Identity } from "./pipeline/identity.js";
export type {
  DeepReadonly,
  Plugin,
  PluginDefinition,
  PluginEnv,
  RequestOut,
  RewriteResult,
  Verdict,
} from "./pipeline/plugin.js";
export type { CompiledTarget } from "./runtime/serving.js";

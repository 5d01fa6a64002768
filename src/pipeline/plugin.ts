/**
 * The plugin model (DESIGN.md "Plugin phases"): a plugin declares hooks, the runner owns order.
 * - `access` and `rewrite` run once per request in priority order; either may end the request
 *   with a verdict (an answer or a refusal).
 * - `upstream` runs once per attempt (retries and fallbacks re-apply per-target changes).
 * - `response` and `stream` unwind in reverse order, only for plugins whose `access` ran.
 * - `log` runs after the client has its last byte and never delays it.
 */
import type { ChatRequest, ChatResponse } from "../canonical/chat.js";
import type { ChatChunk } from "../canonical/chunk.js";
import type { GatewayError } from "../canonical/errors.js";
import type { CompiledTarget } from "../config/compile.js";
import type { RequestContext } from "./context.js";

/** What an access or rewrite hook may decide: go on, refuse, or answer without calling a model. */
export type Verdict = undefined | { refuse: GatewayError } | { answer: ChatResponse };

export interface Plugin {
  name: string;
  /** Lower runs first. */
  priority: number;
  /** On an exception in a hook: `closed` refuses the request (500), `open` logs and continues. */
  failMode: "open" | "closed";
  access?(ctx: RequestContext): Verdict | Promise<Verdict>;
  rewrite?(ctx: RequestContext, req: ChatRequest): Verdict | Promise<Verdict>;
  upstream?(ctx: RequestContext, req: ChatRequest, target: CompiledTarget): void | Promise<void>;
  response?(ctx: RequestContext, res: ChatResponse): ChatResponse | Promise<ChatResponse>;
  /** Wraps the chunk stream. A plugin that holds chunks back must bound the window and say so. */
  stream?(ctx: RequestContext, chunks: AsyncIterable<ChatChunk>): AsyncIterable<ChatChunk>;
  log?(ctx: RequestContext): void | Promise<void>;
}

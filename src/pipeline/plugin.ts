/**
 * The plugin model (DESIGN.md "Plugin phases"). A plugin is a folder under `src/plugins/<name>/`
 * exporting a `PluginDefinition`: its config schema and a factory. The engine (`Pipeline` and the
 * handlers in `src/server/`) owns the order:
 *
 *   parse → access → rewrite → resolve the model → per attempt: upstream → send →
 *   response / stream (reverse order, only for plugins whose access ran) → write → log
 *
 * - `access` and `rewrite` run once per request in priority order; either may end the request
 *   with a verdict (an answer or a refusal). `rewrite` may also replace the request.
 * - `upstream` runs once per attempt on that attempt's request: a change for one target never
 *   leaks into the fallback attempt.
 * - `log` runs after the client has its last byte, with the finished, priced usage record.
 */
import type { Logger } from "pino";
import type { z } from "zod";
import type { ChatRequest, ChatResponse } from "../canonical/chat.js";
import type { ChatChunk } from "../canonical/chunk.js";
import type { GatewayError } from "../canonical/errors.js";
import type { KeyConfig } from "../config/schema.js";
import type { EntitySections } from "../governance/identity/config-entities.js";
import type { ResolvedKey } from "../governance/identity/resolve.js";
import type { UsageRecord } from "../observability/record.js";
import type { CompiledTarget } from "../runtime/serving.js";
import type { RequestContext } from "./context.js";

/** A request as hooks see it: replace it (return a new one), never edit it in place. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** What an access hook may decide: go on (undefined), refuse, or answer without calling a model. */
export type Verdict = undefined | { refuse: GatewayError } | { answer: ChatResponse };

/** A request a hook hands back: a new object (sharing the parts it did not change is fine). */
export type RequestOut = ChatRequest | DeepReadonly<ChatRequest>;

/** What a rewrite hook may decide: a verdict, or a replacement request. */
export type RewriteResult = Verdict | { request: RequestOut };

export interface Plugin {
  readonly name: string;
  /** Lower runs first (access, rewrite, upstream); response, stream and log unwind in reverse. */
  readonly priority: number;
  /**
   * On an exception in a hook: `closed` refuses the request (before the first byte) or ends the
   * stream with an error event (after it); `open` logs the failure and goes on without the plugin.
   */
  readonly failMode: "open" | "closed";
  access?(ctx: RequestContext): Verdict | Promise<Verdict>;
  rewrite?(ctx: RequestContext, req: DeepReadonly<ChatRequest>): RewriteResult | Promise<RewriteResult>;
  /** Per attempt: return a replacement request for this target only, or nothing to keep it. */
  upstream?(
    ctx: RequestContext,
    req: DeepReadonly<ChatRequest>,
    target: CompiledTarget,
  ): RequestOut | undefined | Promise<RequestOut | undefined>;
  response?(ctx: RequestContext, res: ChatResponse): ChatResponse | Promise<ChatResponse>;
  /** Wraps the chunk stream. A plugin that holds chunks back must bound the window and say so. */
  stream?(ctx: RequestContext, chunks: AsyncIterable<ChatChunk>): AsyncIterable<ChatChunk>;
  log?(ctx: RequestContext, record: UsageRecord): void | Promise<void>;
  /** Called when a reload drops this instance (after the requests using it finished). */
  close?(): void | Promise<void>;
}

/** What a plugin's factory gets besides its own config. */
export interface PluginEnv {
  logger: Logger;
  /** Admin-issued keys (the records store, cached on this node); absent in bare test setups. */
  readonly managedKeys?: ManagedKeys;
  /**
   * The root config's `auth`, `keys` and the entity sections config keys join (auth plugins read
   * them; others ignore them).
   */
  readonly root: {
    readonly auth: { mode: "keys" | "none" };
    readonly keys: ReadonlyArray<KeyEntry>;
  } & EntitySections;
}

export type KeyEntry = KeyConfig;

/** Looks a managed key up by its secret's digest (null: unknown, revoked or expired). */
export interface ManagedKeys {
  lookup(hash: string): Promise<ResolvedKey | null>;
}

/** A plugin folder's export: one line in `src/plugins/registry.ts` (or `createGateway({ plugins })`). */
export interface PluginDefinition<C = unknown> {
  /** The name used in config (`plugins: [{ name, config }]`). */
  readonly name: string;
  /** Validates `config`; problems are reported by path (`plugins[my-plugin].config.max`). */
  readonly configSchema: z.ZodType<C>;
  /** Builds an instance from validated config. Called again only when its config changes. */
  create(config: C, env: PluginEnv): Plugin;
}

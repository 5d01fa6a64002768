/**
 * The per-request context: everything later phases need to know about a request, filled in as it
 * flows. Plugins keep their own state under typed keys (`ctx.state`), never in another's.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Span } from "@opentelemetry/api";
import type { ChatRequest, RequestContract, Usage } from "../canonical/chat.js";
import type { Snapshot } from "../config/compile.js";
import type { DialectName } from "../dialects/types.js";

/** A typed key for per-plugin state in `ctx.state`. */
export interface StateKey<T> {
  readonly name: string;
  readonly _type?: T;
}

export function stateKey<T>(name: string): StateKey<T> {
  return { name };
}

export interface RequestContext {
  readonly id: string;
  /** `process.hrtime.bigint()` when the request arrived. */
  readonly startedAt: bigint;
  /** Wall-clock arrival time (ms since epoch), for the usage record's timestamp. */
  readonly arrivedAt: number;
  readonly snapshot: Snapshot;
  readonly dialect: DialectName;
  readonly headers: IncomingHttpHeaders;
  readonly operation: "chat" | "embeddings" | "models";
  /** Aborted when the client goes away; upstream requests are tied to it. */
  readonly abort: AbortController;
  /** The authenticated key's name (never the secret). */
  keyName?: string;
  /** Model names the key may use; undefined = all. */
  keyModels?: ReadonlySet<string>;
  contract: RequestContract;
  /** Lossy mappings and other notes, returned in `x-tollgate-warning`. */
  warnings: string[];
  model?: string;
  stream: boolean;
  provider?: string;
  providerModel?: string;
  attempts: number;
  fallbackUsed: boolean;
  passthrough: boolean;
  status?: number;
  errorCode?: string;
  usage?: Usage;
  /** hrtime marks: upstream request sent, response headers received, first token, last byte. */
  marks: {
    upstreamStart?: bigint;
    /** Start of the current (last) attempt. */
    attemptStart?: bigint;
    upstreamHeaders?: bigint;
    firstToken?: bigint;
    upstreamEnd?: bigint;
    end?: bigint;
  };
  /** Time spent on failed attempts (ns); the last attempt is attemptStart → upstreamEnd. */
  upstreamNs: bigint;
  readonly state: Map<string, unknown>;
  /** The canonical chat request, once parsed (token estimates and records read it). */
  request?: ChatRequest;
  /** The request's trace span (a no-op span when tracing is off). */
  span?: Span;
  /** The current upstream attempt's span. */
  attemptSpan?: Span;
  /** Set once metrics counted this request as started (in-flight gauges pair start and end). */
  metricsStarted?: boolean;
}

export function getState<T>(ctx: RequestContext, key: StateKey<T>): T | undefined {
  return ctx.state.get(key.name) as T | undefined;
}

export function setState<T>(ctx: RequestContext, key: StateKey<T>, value: T): void {
  ctx.state.set(key.name, value);
}

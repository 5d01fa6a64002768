/**
 * The per-request context: what later phases need to know about a request, filled in as it flows.
 * Grouped by who writes it: the engine (request, outcome, timing), auth plugins (`identity`),
 * observability (`trace`), and each plugin under its own typed key (`getState`/`setState`).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Span } from "@opentelemetry/api";
import type { ChatRequest, RequestContract, Usage } from "../canonical/chat.js";
import type { DialectName } from "../dialects/types.js";
import type { UsageRecord } from "../observability/record.js";
import type { AttemptFailure, PlanCursor } from "../router/attempts.js";
import type { ModelRouter } from "../router/model-router.js";
import type { CompiledTarget, Serving } from "../runtime/serving.js";
import type { Identity } from "./identity.js";
import type { Pipeline } from "./runner.js";

/** A typed key for per-plugin state. Keys are compared by identity, so two plugins never collide. */
export interface StateKey<T> {
  readonly name: string;
  readonly _type?: T;
}

export function stateKey<T>(name: string): StateKey<T> {
  return Object.freeze({ name });
}

export interface RequestContext {
  readonly id: string;
  /** `process.hrtime.bigint()` when the request arrived. */
  readonly startedAt: bigint;
  /** Wall-clock arrival time (ms since epoch), for the usage record's timestamp. */
  readonly arrivedAt: number;
  /** The config and runtime this request started with (a reload does not change it mid-flight). */
  readonly serving: Serving;
  readonly dialect: DialectName;
  readonly headers: IncomingHttpHeaders;
  /** `other`: a route Tollgate does not serve (still logged and counted). */
  readonly operation: "chat" | "embeddings" | "models" | "responses" | "explain" | "count_tokens" | "other";
  /** Aborted when the client goes away; upstream requests are tied to it. */
  readonly abort: AbortController;
  /** The plugins this request runs through (the requested model's, once it is known). */
  pipeline: Pipeline;
  /** Set by the auth plugin in the access phase. */
  identity?: Identity;
  contract: RequestContract;
  /** Headers for a successful response (the limits engine's `x-ratelimit-*`). */
  responseHeaders?: Record<string, string>;
  /** Lossy mappings and other notes, returned in `x-tollgate-warning`. */
  warnings: string[];
  /** The canonical chat request, once parsed (after rewrite: the one that was sent). */
  request?: ChatRequest;
  model?: string;
  stream: boolean;
  // The outcome, written by the engine.
  provider?: string;
  providerModel?: string;
  attempts: number;
  fallbackUsed: boolean;
  /** The target that served (or last failed): `provider/model`. */
  target?: string;
  /** The policy route that chose the model, if one matched. */
  route?: string;
  /** Each failed attempt and what the router did next. */
  attemptFailures?: AttemptFailure[];
  /** Set when an attempt succeeded: the balancer hears how it went when the request ends. */
  routed?: {
    router: ModelRouter<CompiledTarget>;
    target: CompiledTarget;
    startedAt: number;
    /** Where in the plan it stands, so a broken stream can go on with the rest (`stream_resume`). */
    cursor?: PlanCursor;
  };
  /** A stream that broke after its first byte continued on another attempt (`stream_resume`). */
  resumed?: boolean;
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
  /** Observability's own per-request state. */
  trace: {
    /** The request's span (absent when observability is off). */
    span?: Span;
    /** The current upstream attempt's span. */
    attemptSpan?: Span;
    /** Set once metrics counted this request as started (in-flight gauges pair start and end). */
    metricsStarted?: boolean;
    /** The final response, kept only when payload logging is on. */
    response?: unknown;
    /** The usage record, once built (just before the last byte, or in the log phase). */
    record?: UsageRecord;
    /** Set once the record went to metrics and sinks. */
    recorded?: boolean;
  };
  /** Per-plugin state under typed keys. */
  readonly state: Map<StateKey<unknown>, unknown>;
}

export function getState<T>(ctx: RequestContext, key: StateKey<T>): T | undefined {
  return ctx.state.get(key) as T | undefined;
}

export function setState<T>(ctx: RequestContext, key: StateKey<T>, value: T): void {
  ctx.state.set(key, value);
}

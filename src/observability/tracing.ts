/**
 * Tracing: an OpenTelemetry tracer exporting over OTLP/HTTP (JSON) through a BatchSpanProcessor,
 * and the span helpers the request path calls. Spans are parented explicitly (no global context
 * manager): keep the request span in the request context and pass it down.
 *
 * Without a `tracing` config every helper is a no-op that allocates nothing, except that an
 * incoming W3C `traceparent` is still passed through upstream unchanged (and its trace id
 * reported), so the gateway stays a transparent hop in someone else's trace.
 */

import { createRequire } from "node:module";
import {
  type Attributes,
  defaultTextMapGetter,
  defaultTextMapSetter,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { BasicTracerProvider, BufferConfig } from "@opentelemetry/sdk-trace-base";
import type { TracingConfig } from "./config.js";
import { GEN_AI, type GenAiOperation, genAiProviderName } from "./genai.js";

/** Incoming request headers (node's IncomingHttpHeaders fits). */
export type HeaderCarrier = Record<string, string | string[] | undefined>;

export interface AttemptSpanOptions {
  operation?: GenAiOperation;
  /** The provider's TYPE (`openai`, `anthropic`, `bedrock`…), for `gen_ai.provider.name`. */
  providerType?: string;
  /** 1 for the first attempt. */
  attempt?: number;
}

/** The tracing entry points. */
export interface Tracing {
  /** False when no tracing is configured (spans are non-recording). */
  readonly enabled: boolean;
  /** The SERVER span for a request, child of the incoming `traceparent` when there is one. */
  startRequestSpan(name: string, headers: HeaderCarrier, attributes?: Attributes): Span;
  /** A CLIENT span for one upstream attempt, named `{operation} {model}` as the GenAI semconv says. */
  startAttemptSpan(parent: Span, provider: string, model: string, options?: AttemptSpanOptions): Span;
  /** An INTERNAL span for a plugin's hook. */
  startPluginSpan(parent: Span, plugin: string, phase: string): Span;
  /** Sets `traceparent` (and `tracestate`) on outgoing upstream headers. */
  injectTraceparent(span: Span, headers: Record<string, string>): void;
  /** The span's trace id (for the usage record), or null when there is none. */
  traceIdOf(span: Span): string | null;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
const NOOP_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

function traceIdOf(span: Span): string | null {
  const ctx = span.spanContext();
  return ctx.traceId === INVALID_SPAN_CONTEXT.traceId ? null : ctx.traceId;
}

function injectTraceparent(span: Span, headers: Record<string, string>): void {
  if (span === NOOP_SPAN) return;
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);
}

/** Tracing when nothing is configured: no spans recorded, incoming trace context passed through. */
export const NOOP_TRACING: Tracing = {
  enabled: false,
  startRequestSpan(_name, headers) {
    if (headers.traceparent === undefined) return NOOP_SPAN;
    return trace.getSpan(propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)) ?? NOOP_SPAN;
  },
  startAttemptSpan: (parent) => parent,
  startPluginSpan: (parent) => parent,
  injectTraceparent,
  traceIdOf,
  flush: async () => undefined,
  close: async () => undefined,
};

/** `http://collector:4318` → `http://collector:4318/v1/traces` (unless already there). */
export function tracesUrl(endpoint: string): string {
  if (/\/v1\/traces\/?$/.test(endpoint)) return endpoint;
  return endpoint.replace(/\/+$/, "") + "/v1/traces";
}

/** Tracing for a config (the no-op when `config` is undefined). */
export function createTracing(config: TracingConfig | undefined, buffer: BufferConfig = {}): Tracing {
  if (!config) return NOOP_TRACING;
  const sdk = loadSdk();
  const exporter = new sdk.OTLPTraceExporter({
    url: tracesUrl(config.otlp_endpoint),
    headers: config.headers,
  });
  const provider = new sdk.BasicTracerProvider({
    resource: sdk.resourceFromAttributes({ "service.name": config.service_name }),
    sampler: new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(config.sample_ratio) }),
    spanProcessors: [new sdk.BatchSpanProcessor(exporter, buffer)],
  });
  return new OtelTracing(provider, provider.getTracer("tollgate"));
}

const require = createRequire(import.meta.url);

/**
 * The OpenTelemetry SDK and OTLP exporter, loaded on first use: without a `tracing` config they
 * are never loaded, which keeps them (about 100 ms of imports) out of the start-up path. They
 * ship as CommonJS, which is what an `import` of them resolves to as well.
 */
function loadSdk() {
  return {
    ...(require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http")),
    ...(require("@opentelemetry/resources") as typeof import("@opentelemetry/resources")),
    ...(require("@opentelemetry/sdk-trace-base") as typeof import("@opentelemetry/sdk-trace-base")),
  };
}

class OtelTracing implements Tracing {
  readonly enabled = true;
  readonly injectTraceparent = injectTraceparent;
  readonly traceIdOf = traceIdOf;

  constructor(
    private readonly provider: BasicTracerProvider,
    private readonly tracer: Tracer,
  ) {}

  startRequestSpan(name: string, headers: HeaderCarrier, attributes?: Attributes): Span {
    const parent =
      headers.traceparent === undefined
        ? ROOT_CONTEXT
        : propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    return this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  }

  startAttemptSpan(parent: Span, provider: string, model: string, options: AttemptSpanOptions = {}): Span {
    const operation = options.operation ?? "chat";
    const system = genAiProviderName(options.providerType ?? provider);
    const attributes: Attributes = {
      [GEN_AI.operation]: operation,
      [GEN_AI.provider]: system,
      [GEN_AI.system]: system,
      [GEN_AI.requestModel]: model,
      "tollgate.provider": provider,
    };
    if (options.attempt !== undefined) attributes["tollgate.attempt"] = options.attempt;
    const ctx = trace.setSpan(ROOT_CONTEXT, parent);
    return this.tracer.startSpan(`${operation} ${model}`, { kind: SpanKind.CLIENT, attributes }, ctx);
  }

  startPluginSpan(parent: Span, plugin: string, phase: string): Span {
    const attributes = { "tollgate.plugin": plugin, "tollgate.phase": phase };
    return this.tracer.startSpan(
      `${phase} ${plugin}`,
      { kind: SpanKind.INTERNAL, attributes },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
  }

  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  close(): Promise<void> {
    return this.provider.shutdown();
  }
}

/**
 * The provider interface: one folder per provider under `src/providers/<name>/` implements it.
 * A provider encodes canonical requests into upstream HTTP requests (URL, headers, auth or request
 * signing, body) and decodes responses, streams and errors back into canonical form. It knows
 * nothing of routes, consumers or plugins.
 */
import type { z } from "zod";
import type { EmbeddingsRequest, EmbeddingsResponse } from "../canonical/embeddings.js";
import type { GatewayError } from "../canonical/errors.js";
import type { ChatChunk, ChatRequest, ChatResponse } from "../canonical/index.js";
import type { SseEvent } from "../wire/sse.js";

/** An HTTP request to send upstream. The body is already serialised (signing needs the bytes). */
export interface UpstreamRequest {
  method: "POST" | "GET";
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** One configured target of a model: which provider serves it, under which upstream model name. */
export interface Target {
  provider: string;
  /** The provider's own model id (e.g. `claude-sonnet-4-5`, `amazon.nova-pro-v1:0`). */
  model: string;
  /** Provider-specific target fields (Azure `deployment`, …), validated by the provider. */
  [key: string]: unknown;
}

/** Per-attempt context given to a provider's codec. */
export interface CodecContext {
  target: Target;
  /**
   * Records a lossy mapping (a dropped or clamped parameter). Logged and returned to the client
   * in the `x-tollgate-warning` header.
   */
  warn(message: string): void;
  /**
   * What to do with a canonical parameter this provider cannot serve: `error` (default) throws
   * `GatewayError.unsupported(param, provider)`; `drop` drops it and calls `warn`.
   */
  onUnsupported: "error" | "drop";
}

export interface ChatCodec {
  /** Canonical request → upstream HTTP request. Async so that signing (SigV4) and OAuth fit. */
  encode(req: ChatRequest, ctx: CodecContext): UpstreamRequest | Promise<UpstreamRequest>;
  /** Upstream JSON body (already parsed) → canonical response. Throws GatewayError on bad shapes. */
  decode(body: unknown, ctx: CodecContext): ChatResponse;
  /**
   * Upstream stream bytes → canonical chunks, as they arrive. Framing (SSE, NDJSON, AWS event
   * stream) is decoded with `src/wire/`; this maps events to chunks. Must yield `start` first.
   */
  decodeStream(body: AsyncIterable<Uint8Array>, ctx: CodecContext): AsyncIterable<ChatChunk>;
}

export interface EmbeddingsCodec {
  encode(req: EmbeddingsRequest, ctx: CodecContext): UpstreamRequest | Promise<UpstreamRequest>;
  decode(body: unknown, ctx: CodecContext): EmbeddingsResponse;
}

/**
 * Same-dialect passthrough: when the client speaks the provider's own wire format, the raw client
 * body is forwarded with only the model (and credentials) rewritten, and the response bytes flow
 * back untouched (usage is sniffed on the way).
 */
export interface PassthroughCodec {
  dialect: "openai" | "anthropic" | "responses";
  /** Raw client JSON body (model already set to the upstream model) → upstream request. */
  encode(
    op: PassthroughOp,
    body: Record<string, unknown>,
    ctx: CodecContext,
  ): UpstreamRequest | Promise<UpstreamRequest>;
  /**
   * Stream events the client must not see even on this path: provider annotations that are not
   * part of the dialect (Azure's id-less prompt-filter event, whose `object` is "").
   */
  skipEvent?(event: SseEvent): boolean;
  /** Whether this target can take the passthrough (absent: every target can). */
  serves?(target: Target): boolean;
  /**
   * Whether the upstream serves OpenAI's legacy `/completions` for this model (vLLM and most
   * OpenAI-compatible servers for every model; OpenAI only for its completion models). Absent:
   * never, and legacy completions are translated to chat.
   */
  completions?(model: string): boolean;
}

/** The upstream endpoints a passthrough forwards to. */
export type PassthroughOp = "chat" | "embeddings" | "completions";

/**
 * A provider's own input-token count (Anthropic's `count_tokens`, Bedrock's CountTokens, Gemini's
 * `countTokens`), for `POST /v1/messages/count_tokens`. Providers without one are answered with a
 * tokenizer estimate.
 */
export interface CountTokensCodec {
  /**
   * The request → the provider's count request. `body` is the Anthropic client's own body (model
   * already the upstream model), for providers of that family; `req` is its canonical form.
   * Undefined: this target's model has no count endpoint (it is estimated).
   */
  encode(
    req: ChatRequest,
    body: Record<string, unknown>,
    ctx: CodecContext,
  ): UpstreamRequest | undefined | Promise<UpstreamRequest | undefined>;
  /** Upstream JSON → the input token count. Throws GatewayError on bad shapes. */
  decode(body: unknown, ctx: CodecContext): number;
}

/** A configured provider instance. */
export interface Provider {
  /** The config key (`providers.<name>`). */
  readonly name: string;
  /** The provider type (`openai`, `anthropic`, …). */
  readonly type: string;
  readonly chat: ChatCodec;
  readonly embeddings?: EmbeddingsCodec;
  readonly passthrough?: PassthroughCodec;
  /** Passthrough codecs for further client dialects the provider speaks (OpenAI's Responses API). */
  readonly extraPassthrough?: readonly PassthroughCodec[];
  readonly countTokens?: CountTokensCodec;
  /**
   * Whether this target continues a trailing assistant message (a prefill) instead of answering
   * after it, as Claude does. `stream_resume` sends a broken stream's partial answer only to such
   * targets. Absent: never.
   */
  supportsPrefill?(target: Target): boolean;
  /**
   * Upstream error response → GatewayError: the provider's own message carried where safe,
   * status mapped faithfully, `retry-after` kept. `body` may be HTML or empty (proxies).
   */
  decodeError(
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): GatewayError;
  /** The origin (scheme://host:port) requests go to, for connection pooling. */
  readonly origin: string;
}

/** The fields every provider's config has. */
export interface BaseProviderConfig {
  type: string;
  base_url?: string;
  /** Extra headers sent upstream on every request (e.g. an org id, a proxy's auth). */
  headers?: Record<string, string>;
  on_unsupported?: "error" | "drop";
  timeouts?: { connect_ms?: number; first_byte_ms?: number; idle_ms?: number };
}

/** How OpenTelemetry GenAI spans name a provider. */
export interface ProviderTelemetry {
  /**
   * `gen_ai.provider.name` (and the older `gen_ai.system`): the semantic conventions' well-known
   * value where there is one (https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/).
   */
  genAiProviderName: string;
}

/** One model's list prices, USD per million tokens. */
export interface ModelListPrice {
  input_per_mtok: number;
  output_per_mtok: number;
  /** Cache-read input tokens; absent means the input price. */
  cached_input_per_mtok?: number;
  /** Cache-write input tokens; absent means the input price. */
  cache_write_per_mtok?: number;
  /** Reasoning output tokens; absent means the output price. */
  reasoning_per_mtok?: number;
  /** Batch-API input and output tokens; absent means the standard prices. */
  batch_input_per_mtok?: number;
  batch_output_per_mtok?: number;
}

/**
 * Built-in list prices of the models a provider is the vendor of (a provider that serves other
 * vendors' models, like Azure or Vertex, is priced by the model name and declares none).
 */
export interface ProviderPrices {
  /** The public pricing page the prices were read from. */
  source: string;
  /** When they were read, `YYYY-MM` or `YYYY-MM-DD`. */
  as_of: string;
  /** Model name (without version suffixes) → prices. */
  models: Readonly<Record<string, ModelListPrice>>;
}

/**
 * A provider type: its config schema, a factory, and what the rest of the gateway needs to know
 * about it. Everything is declared in the provider's folder; one line in `registry.ts` adds it.
 */
export interface ProviderDefinition<C extends BaseProviderConfig = BaseProviderConfig> {
  type: string;
  /** zod schema of `providers.<name>` (must include `type: z.literal(<type>)` and the base fields). */
  schema: z.ZodType<C>;
  /** zod schema of the provider-specific fields a target may carry (e.g. Azure `deployment`). */
  targetSchema?: z.ZodType<Record<string, unknown>>;
  create(name: string, config: C): Provider;
  /** Names in traces; without it, spans carry the type as given. */
  telemetry?: ProviderTelemetry;
  /** Built-in prices (usually the folder's `prices.json`), merged into the cost table. */
  prices?: ProviderPrices;
  /** The values its `profile` option accepts (named variants of one wire format). */
  profiles?: readonly string[];
}

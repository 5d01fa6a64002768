/**
 * A client dialect: how one family of client SDKs speaks (OpenAI Chat Completions, Anthropic
 * Messages). Parses requests into canonical form and renders canonical responses, stream chunks
 * and errors back. Knows nothing of providers.
 */
import type { ChatChunk, ChatRequest, ChatResponse, GatewayError } from "../canonical/index.js";

export type DialectName = "openai" | "anthropic" | "responses";

export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface ChatDialect {
  name: DialectName;
  /**
   * Client JSON body → canonical request. Throws `GatewayError` (400, `param` naming the field)
   * for anything the dialect's API would refuse. Unknown top-level fields go to `extra[name]`.
   */
  parseChat(body: unknown): ChatRequest;
  /** Canonical response → the dialect's JSON response body. */
  renderChat(res: ChatResponse, req: ChatRequest): unknown;
  /**
   * Canonical chunks → the dialect's SSE frames (complete `event:`/`data:` text, one or more
   * events per string). An `error` chunk renders as the dialect's error event and ends the stream
   * without a success terminator.
   */
  renderStream(chunks: AsyncIterable<ChatChunk>, req: ChatRequest): AsyncIterable<string>;
  /** An error → status, headers (retry-after kept) and the dialect's error body. */
  renderError(err: GatewayError): RenderedError;
  /**
   * A warning of `x-tollgate-warning` in the dialect's own terms (default: as written, in the
   * canonical Chat Completions names). Logs and usage records keep the canonical text.
   */
  renderWarning?(message: string): string;
  /**
   * One SSE frame announcing a failure after the stream started (used by the same-dialect
   * passthrough path, which forwards frames instead of rendering chunks).
   */
  renderStreamError?(err: GatewayError): string;
  /**
   * Throws a `GatewayError` when the request uses what only the dialect's own API can serve
   * (the Responses API's built-in tools): called before a request is translated for a provider,
   * never on the same-dialect passthrough path.
   */
  refuseTranslation?(req: ChatRequest): void;

  /**
   * Which upstream endpoint the same-dialect passthrough calls for this route (default `chat`):
   * the legacy Completions route passes through only to upstreams that have `/completions`.
   */
  passthroughOp?: "completions";
}

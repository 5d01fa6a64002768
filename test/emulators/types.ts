import type { IncomingHttpHeaders } from "node:http";
import type { Plan, PromptView } from "./plan.js";

/** Failures every provider can be asked to produce; each emulator renders its own error body. */
export type ErrorKind =
  | "auth"
  | "rate_limit"
  | "server"
  | "overloaded"
  | "context_length"
  | "model_not_found"
  | "bad_request";

export interface ErrorResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface RouteMatch {
  op: "chat" | "embeddings" | "models" | "other";
  /** Named groups of the route's pattern (deployment, model id, …). */
  params: Record<string, string>;
  url: URL;
  headers: IncomingHttpHeaders;
}

export interface ChatView extends PromptView {
  stream: boolean;
  /** The request asked for log probabilities (where the emulator renders them). */
  logprobs?: boolean;
  /** Extended thinking is on (Claude): the answer starts with a signed thinking block. */
  thinking?: boolean;
}

/** One stream frame: bytes exactly as the provider writes them, with an optional pause before. */
export type Frame = string | Uint8Array;

/**
 * A provider's wire format, as an emulator. The shared server (`server.ts`) handles routing,
 * scenarios (errors, stalls, resets, delays), recording, and writing frames; a provider emulator
 * only knows its own request and response formats.
 */
export interface ProviderEmulator {
  name: string;
  /** Routes it serves; the first pattern that matches the path wins. Named groups become params. */
  routes: Array<{ method: "GET" | "POST"; pattern: RegExp; op: RouteMatch["op"] }>;
  /** The credential check (with the parsed body, if any): undefined when fine, else the error. */
  checkAuth(match: RouteMatch, body?: unknown): ErrorKind | undefined;
  /** Reads the request. Throw `EmulatorBadRequest` for a request the real API would refuse. */
  chatView(body: unknown, match: RouteMatch): ChatView;
  chatJson(plan: Plan, view: ChatView, match: RouteMatch): unknown;
  /** Stream frames, already framed (SSE text, event-stream bytes…), and the content type. */
  chatStream(plan: Plan, view: ChatView, match: RouteMatch): { contentType: string; frames: Frame[] };
  /** Embeddings, where the provider has them. */
  embeddings?(body: unknown, match: RouteMatch): unknown;
  /** Any other route (models list, token endpoint). */
  other?(
    body: unknown,
    match: RouteMatch,
  ): { status: number; body: unknown; headers?: Record<string, string> };
  errorResponse(kind: ErrorKind, message: string): ErrorResponse;
  /**
   * The event a provider sends when a stream that already started fails (Anthropic's
   * `event: error`), where its API has one; the stream ends after it.
   */
  streamError?(kind: ErrorKind, message: string): Frame;
}

export class EmulatorBadRequest extends Error {}

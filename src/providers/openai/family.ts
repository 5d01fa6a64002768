/**
 * The OpenAI-compatible base: one function that builds a Provider from a profile (what the API
 * accepts) and a transport (where requests go and how they authenticate). OpenAI, Azure OpenAI,
 * Mistral and the self-hosted servers are each a few lines on top of it.
 */
import type { GatewayError } from "../../canonical/index.js";
import type { CodecContext, PassthroughOp, Provider, Target, UpstreamRequest } from "../types.js";
import { fromOpenAIEmbeddingsResponse, toOpenAIEmbeddingsBody } from "./embeddings.js";
import { fromOpenAIError } from "./errors.js";
import { bodyModelOf, type OpenAIProfile } from "./profile.js";
import { toOpenAIChatBody } from "./request.js";
import { fromOpenAIChatResponse } from "./response.js";
import { fromOpenAIStream } from "./stream.js";

/** Where requests go and how they authenticate. */
export interface OpenAITransport {
  /** scheme://host:port of the upstream. */
  origin: string;
  url(op: PassthroughOp, target: Target): string;
  /** Headers for every request (auth, org, the config's extra headers). */
  headers: Record<string, string>;
}

export interface OpenAIFamilyOptions {
  name: string;
  type: string;
  profile: OpenAIProfile;
  transport: OpenAITransport;
  /** The API has an embeddings endpoint (default true). */
  embeddings?: boolean;
  /**
   * Same-dialect passthrough (default true). Off where the API's body differs from OpenAI's enough
   * that a raw OpenAI body would be refused (Mistral).
   */
  passthrough?: boolean;
  /**
   * The models the upstream serves legacy `/completions` for (`transport.url("completions")`);
   * absent: none, and legacy completions are translated to chat.
   */
  completions?: (model: string) => boolean;
  /** Replaces the shared error mapping (Azure adds its content filter errors). */
  decodeError?: Provider["decodeError"];
}

/** Builds a Provider from a profile and a transport. */
export function createOpenAIFamilyProvider(o: OpenAIFamilyOptions): Provider {
  const { name, profile, transport } = o;
  const request = (op: PassthroughOp, ctx: CodecContext, body: unknown): UpstreamRequest => ({
    method: "POST",
    url: transport.url(op, ctx.target),
    headers: { ...transport.headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const decodeError =
    o.decodeError ??
    ((status: number, headers: Parameters<Provider["decodeError"]>[1], body: string): GatewayError =>
      fromOpenAIError(status, headers, body, name));
  return {
    name,
    type: o.type,
    origin: transport.origin,
    chat: {
      encode: (req, ctx) => request("chat", ctx, toOpenAIChatBody(req, ctx, profile, name)),
      decode: (body) => fromOpenAIChatResponse(body, profile, name),
      decodeStream: (body) => fromOpenAIStream(body, profile, name),
    },
    ...(o.embeddings === false
      ? {}
      : {
          embeddings: {
            encode: (req, ctx) => request("embeddings", ctx, toOpenAIEmbeddingsBody(req, ctx, profile, name)),
            decode: (body) => fromOpenAIEmbeddingsResponse(body, name),
          },
        }),
    ...(o.passthrough === false
      ? {}
      : {
          passthrough: {
            dialect: "openai" as const,
            encode: (op: PassthroughOp, body: Record<string, unknown>, ctx: CodecContext) =>
              request(op, ctx, toPassthroughBody(op, body, ctx, profile)),
            // Why: Azure opens streams with a prompt-filter annotation that is no chat.completion.chunk
            // (fixture azure-openai/__fixtures__/streams); OpenAI-schema clients must not see it.
            skipEvent: (ev: { data: string }) => ev.data.includes('"object":""'),
            ...(o.completions ? { completions: o.completions } : {}),
          },
        }),
    decodeError,
  };
}

/**
 * Same-dialect passthrough: the client's body with the upstream model; chat streams always ask for
 * usage (the gateway records it even when the client did not ask).
 */
function toPassthroughBody(
  op: PassthroughOp,
  body: Record<string, unknown>,
  ctx: CodecContext,
  profile: OpenAIProfile,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  const model = bodyModelOf(profile, ctx.target);
  if (model !== undefined) out.model = model;
  else delete out.model;
  if (op !== "embeddings" && out.stream === true && profile.streamOptions) {
    const prev = out.stream_options;
    out.stream_options = { ...(typeof prev === "object" && prev !== null ? prev : {}), include_usage: true };
  }
  return out;
}

/** scheme://host:port of a URL. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

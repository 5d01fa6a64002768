/**
 * `api: responses` on an `openai` target: the model is served through OpenAI's Responses API
 * instead of Chat Completions (some models are offered only there), so Chat Completions and
 * Messages clients can reach them. The target field picks the codec per request.
 */
import { z } from "zod";
import { GatewayError } from "../../canonical/errors.js";
import type { ChatCodec, CodecContext, Target } from "../types.js";
import { toResponsesBody } from "./responses-request.js";
import { fromResponsesObject } from "./responses-response.js";
import { fromResponsesStream } from "./responses-stream.js";

export const openaiTargetSchema = z
  .object({
    /** `chat_completions` (default) or `responses`. */
    api: z.enum(["chat_completions", "responses"]).optional(),
  })
  .loose();

const viaResponses = (ctx: CodecContext): boolean => ctx.target.api === "responses";

/** The upstream's `model` for a target: OpenAI's model id, or Azure's deployment name. */
export type ResponsesModel = (target: Target) => string;

/**
 * The chat codec, with requests for `api: responses` targets sent to `/responses`. `url` is
 * undefined where the configured API has no Responses API (an old Azure api-version): such a
 * target is refused with the reason.
 */
export function withResponsesApi(
  chat: ChatCodec,
  url: string | undefined,
  headers: Record<string, string>,
  provider: string,
  model: ResponsesModel = (t) => t.model,
): ChatCodec {
  return {
    encode: (req, ctx) => {
      if (!viaResponses(ctx)) return chat.encode(req, ctx);
      if (url === undefined) throw noResponsesApi(provider);
      return {
        method: "POST",
        url,
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ ...toResponsesBody(req, ctx, provider), model: model(ctx.target) }),
      };
    },
    decode: (body, ctx) => (viaResponses(ctx) ? fromResponsesObject(body, provider) : chat.decode(body, ctx)),
    decodeStream: (body, ctx) =>
      viaResponses(ctx) ? fromResponsesStream(body, provider) : chat.decodeStream(body, ctx),
  };
}

function noResponsesApi(provider: string): GatewayError {
  return new GatewayError({
    status: 400,
    kind: "invalid_request",
    code: "unsupported_operation",
    param: null,
    provider,
    message: `This model's target sets 'api: responses', but provider '${provider}' is configured with an API version that has no Responses API (Azure: 2025-03-01-preview or later, or the v1 API).`,
  });
}

/**
 * `api: responses` on an `openai` target: the model is served through OpenAI's Responses API
 * instead of Chat Completions (some models are offered only there), so Chat Completions and
 * Messages clients can reach them. The target field picks the codec per request.
 */
import { z } from "zod";
import type { ChatCodec, CodecContext } from "../types.js";
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

/** The chat codec, with requests for `api: responses` targets sent to `/responses`. */
export function withResponsesApi(
  chat: ChatCodec,
  url: string,
  headers: Record<string, string>,
  provider: string,
): ChatCodec {
  return {
    encode: (req, ctx) =>
      viaResponses(ctx)
        ? {
            method: "POST",
            url,
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify(toResponsesBody(req, ctx, provider)),
          }
        : chat.encode(req, ctx),
    decode: (body, ctx) => (viaResponses(ctx) ? fromResponsesObject(body, provider) : chat.decode(body, ctx)),
    decodeStream: (body, ctx) =>
      viaResponses(ctx) ? fromResponsesStream(body, provider) : chat.decodeStream(body, ctx),
  };
}

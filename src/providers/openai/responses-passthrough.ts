/**
 * Same-dialect passthrough for Responses API clients: their raw `POST /v1/responses` body goes to
 * OpenAI's own Responses API (https://platform.openai.com/docs/api-reference/responses/create)
 * with only the model and the credentials changed, so everything the gateway cannot translate
 * (built-in tools, OpenAI-side conversation state) still works there. Azure OpenAI's Responses API
 * takes the same body with the deployment name as `model`.
 */
import type { CodecContext, PassthroughCodec } from "../types.js";
import type { ResponsesModel } from "./responses-api.js";

export function responsesPassthrough(
  url: string,
  headers: Record<string, string>,
  model: ResponsesModel = (t) => t.model,
): PassthroughCodec {
  return {
    dialect: "responses",
    encode: (_op, body: Record<string, unknown>, ctx: CodecContext) => ({
      method: "POST",
      url,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ ...body, model: model(ctx.target) }),
    }),
  };
}

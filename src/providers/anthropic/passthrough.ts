/**
 * Same-dialect passthrough: an Anthropic client's raw Messages body goes to the same endpoint with
 * only the model replaced; the configured key is the only credential sent.
 */
import { GatewayError } from "../../canonical/errors.js";
import type { CodecContext, PassthroughCodec, UpstreamRequest } from "../types.js";
import type { AnthropicConfig } from "./config.js";
import { anthropicHeaders, messagesUrl } from "./request.js";

/** The passthrough codec of a configured Anthropic provider. */
export function anthropicPassthrough(config: AnthropicConfig, provider: string): PassthroughCodec {
  return {
    dialect: "anthropic",
    encode(op, body: Record<string, unknown>, ctx: CodecContext): UpstreamRequest {
      if (op !== "chat") {
        throw new GatewayError({
          status: 400,
          kind: "invalid_request",
          code: "unsupported_operation",
          message: `Provider '${provider}' (Anthropic) has no ${op} API.`,
          provider,
        });
      }
      return {
        method: "POST",
        url: messagesUrl(config),
        headers: anthropicHeaders(config),
        body: JSON.stringify({ ...body, model: ctx.target.model }),
      };
    },
  };
}

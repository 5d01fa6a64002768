/**
 * Reading a provider's token-count answer: each names its one number differently (Anthropic's
 * `input_tokens`, Bedrock's `inputTokens`, Google's `totalTokens`), and a missing or bad number
 * is the provider's fault, a 502.
 */
import { GatewayError } from "../canonical/errors.js";

/** The non-negative integer `field` of a count answer; throws 502 `upstream_malformed_response`. */
export function readTokenCount(body: unknown, field: string, provider: string): number {
  const n = (body as Record<string, unknown> | null)?.[field];
  if (typeof n === "number" && Number.isInteger(n) && n >= 0) return n;
  throw new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_malformed_response",
    provider,
    message: `Provider '${provider}' answered the token count without '${field}'.`,
  });
}

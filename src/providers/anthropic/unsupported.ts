/** The lossy-mapping rule shared by this provider's encoders. */
import { GatewayError } from "../../canonical/errors.js";
import type { CodecContext } from "../types.js";

/**
 * A canonical parameter Anthropic cannot serve: with `on_unsupported: drop` it records a warning
 * naming the `action` taken (the caller then drops or clamps the value), else it throws `unsupported_parameter`.
 */
export function unsupported(
  ctx: CodecContext,
  provider: string,
  param: string,
  detail: string,
  action = "dropped",
): void {
  if (ctx.onUnsupported === "drop") {
    ctx.warn(`${provider}: ${action} '${param}' (${detail})`);
    return;
  }
  throw GatewayError.unsupported(param, provider, detail);
}

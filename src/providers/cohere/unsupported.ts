import { GatewayError } from "../../canonical/errors.js";
import type { CodecContext } from "../types.js";

/**
 * A canonical parameter Cohere cannot serve: with `on_unsupported: drop` it is dropped with a
 * warning, otherwise the request is refused with `unsupported_parameter`.
 */
export function dropOrThrow(ctx: CodecContext, provider: string, param: string, detail?: string): void {
  if (ctx.onUnsupported === "drop") {
    ctx.warn(`${provider}: dropped '${param}'${detail ? ` (${detail})` : ""}`);
    return;
  }
  throw GatewayError.unsupported(param, provider, detail);
}

import { GatewayError } from "../../canonical/index.js";
import type { CodecContext } from "../types.js";

/**
 * A canonical parameter this provider cannot serve: with `on_unsupported: drop` it is dropped with
 * a warning, otherwise the request is refused. Returns normally only when dropped.
 */
export function refuseOrDrop(ctx: CodecContext, provider: string, param: string, detail?: string): void {
  if (ctx.onUnsupported === "drop") {
    ctx.warn(`${param} dropped: not supported by provider '${provider}'${detail ? ` (${detail})` : ""}`);
    return;
  }
  throw GatewayError.unsupported(param, provider, detail);
}

import { GatewayError } from "../../canonical/errors.js";
import type { CodecContext } from "../types.js";
import type { BedrockFamily } from "./config.js";

/** What the encoders need to know about the attempt: who we are, the model family, the context. */
export interface EncodeScope {
  /** The configured provider name (`providers.<name>`), for errors. */
  provider: string;
  family: BedrockFamily;
  ctx: CodecContext;
}

/**
 * A canonical parameter Converse cannot serve: with `on_unsupported: drop` it is dropped with a
 * warning, otherwise the request is refused with `unsupported_parameter`.
 */
export function refuse(scope: EncodeScope, param: string, detail: string): void {
  if (scope.ctx.onUnsupported === "drop") {
    scope.ctx.warn(`bedrock: dropped '${param}': ${detail}`);
    return;
  }
  throw GatewayError.unsupported(param, scope.provider, detail);
}

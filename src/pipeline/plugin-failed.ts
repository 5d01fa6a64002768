import { GatewayError } from "../canonical/errors.js";

/** The refusal a fail-closed plugin's exception becomes (the exception itself is only logged). */
export function pluginFailed(name: string): GatewayError {
  return new GatewayError({
    status: 500,
    kind: "internal",
    code: "plugin_failed",
    message: `Policy '${name}' failed; the request was refused (the policy fails closed).`,
  });
}

/**
 * Key authentication: `Authorization: Bearer <key>` (either dialect) or `x-api-key` (Anthropic
 * dialect). Closed by default: with no keys configured every proxy request is refused, unless the
 * config says `auth: { mode: none }`. The client's credential is never forwarded upstream
 * (providers build their own headers from the config).
 */
import { GatewayError } from "../../canonical/errors.js";
import { hashKey } from "../../config/compile.js";
import type { RequestContext } from "../../pipeline/context.js";
import type { Plugin, Verdict } from "../../pipeline/plugin.js";

function presented(ctx: RequestContext): string | undefined {
  const auth = ctx.headers.authorization;
  if (typeof auth === "string" && auth.length > 7 && auth.slice(0, 7).toLowerCase() === "bearer ") {
    return auth.slice(7).trim();
  }
  const xKey = ctx.headers["x-api-key"];
  return typeof xKey === "string" && xKey ? xKey : undefined;
}

function refuse(code: string, message: string): Verdict {
  return { refuse: new GatewayError({ status: 401, kind: "authentication", code, message }) };
}

export const keyAuthPlugin: Plugin = {
  name: "key-auth",
  priority: 0,
  failMode: "closed",
  access(ctx) {
    if (ctx.snapshot.config.auth.mode === "none") return undefined;
    const key = presented(ctx);
    if (!key) {
      const how = ctx.dialect === "anthropic" ? "an 'x-api-key' header" : "'Authorization: Bearer <key>'";
      return refuse("missing_api_key", `No API key provided. Send your Tollgate key in ${how}.`);
    }
    const found = ctx.snapshot.keys.get(hashKey(key));
    if (!found) {
      const hint =
        ctx.snapshot.keys.size === 0 ? " No keys are configured: add one under 'keys' in the config." : "";
      return refuse("invalid_api_key", `Incorrect API key provided.${hint}`);
    }
    ctx.keyName = found.name;
    if (found.models) ctx.keyModels = found.models;
    return undefined;
  },
};

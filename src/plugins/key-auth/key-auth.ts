/**
 * Key authentication: `Authorization: Bearer <key>` (either dialect) or `x-api-key` (Anthropic
 * dialect). Closed by default: with no keys configured every proxy request is refused, unless the
 * config says `auth: { mode: none }`. Keys are looked up by their SHA-256 digest; the secrets are
 * not kept. The client's credential is never forwarded upstream (providers build their own
 * headers from the config). Sets `ctx.identity`.
 */
import { createHash } from "node:crypto";
import { GatewayError } from "../../canonical/errors.js";
import type { RequestContext } from "../../pipeline/context.js";
import type { Identity } from "../../pipeline/identity.js";
import type { Plugin, PluginDefinition, PluginEnv, Verdict } from "../../pipeline/plugin.js";
import { type KeyAuthConfig, keyAuthConfigSchema } from "./config.js";

export function hashKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

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

function create(_config: KeyAuthConfig, env: PluginEnv): Plugin {
  const open = env.root.auth.mode === "none";
  const keys = new Map<string, Identity>();
  for (const k of env.root.keys) {
    keys.set(hashKey(k.key), {
      key: k.name,
      ...(k.models ? { models: new Set(k.models) } : {}),
      // The key's own limits and budget, for the limits engine (src/governance/).
      ...(k.limits || k.budget
        ? { policies: [{ level: "key", id: k.name, limits: k.limits, budgets: k.budget ? [k.budget] : [] }] }
        : {}),
    });
  }
  const hint = keys.size === 0 ? " No keys are configured: add one under 'keys' in the config." : "";
  return {
    name: "key-auth",
    priority: 0,
    failMode: "closed",
    access(ctx) {
      if (open) return undefined;
      const key = presented(ctx);
      if (!key) {
        const how = ctx.dialect === "anthropic" ? "an 'x-api-key' header" : "'Authorization: Bearer <key>'";
        return refuse("missing_api_key", `No API key provided. Send your Tollgate key in ${how}.`);
      }
      const found = keys.get(hashKey(key));
      if (!found) return refuse("invalid_api_key", `Incorrect API key provided.${hint}`);
      ctx.identity = found;
      return undefined;
    },
  };
}

export const keyAuthPlugin: PluginDefinition<KeyAuthConfig> = {
  name: "key-auth",
  configSchema: keyAuthConfigSchema,
  create,
};

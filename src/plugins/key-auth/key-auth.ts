/**
 * Key authentication: `Authorization: Bearer <key>` (either dialect) or `x-api-key` (Anthropic
 * dialect). Closed by default: with no keys configured (in the config or through the admin API)
 * every proxy request is refused, unless the config says `auth: { mode: none }`. Keys are looked
 * up by their SHA-256 digest; the secrets are not kept. Config-file keys are checked first; a key
 * shaped like a managed one (`tg-` + 43 base62 characters) is then looked up in the node's key
 * cache (records store). The client's credential is never forwarded upstream. Sets `ctx.identity`
 * (names, the policy chain, and the folded model allow-set).
 */
import { createHash } from "node:crypto";
import { GatewayError } from "../../canonical/errors.js";
import { foldModels } from "../../governance/access.js";
import { configEntities, configKeyIdentity } from "../../governance/identity/config-entities.js";
import type { RequestContext } from "../../pipeline/context.js";
import type { Identity } from "../../pipeline/identity.js";
import type { ManagedKeys, Plugin, PluginDefinition, PluginEnv, Verdict } from "../../pipeline/plugin.js";
import { type KeyAuthConfig, keyAuthConfigSchema } from "./config.js";

export function hashKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A managed secret's shape (src/governance/identity/secret.ts): only these cost a store lookup. */
const MANAGED_SECRET = /^tg-[0-9A-Za-z]{43}$/;

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

type Named = Omit<Identity, "models">;

/** The named identity plus the models it may use among those this config serves. */
function withModels(ctx: RequestContext, named: Named): Identity {
  const models = foldModels(named.policies ?? [], ctx.serving.models.keys());
  return models ? { ...named, models } : { ...named };
}

function create(_config: KeyAuthConfig, env: PluginEnv): Plugin {
  const open = env.root.auth.mode === "none";
  const keys = new Map<string, Named>();
  const entities = configEntities(env.root);
  for (const k of env.root.keys) keys.set(hashKey(k.key), configKeyIdentity(k, entities));
  const managed = env.managedKeys;
  const hint =
    keys.size === 0 && !managed
      ? " No keys are configured: add one under 'keys' in the config."
      : keys.size === 0
        ? " No keys are configured: add one under 'keys' in the config or create one with the admin API (POST /admin/v1/keys)."
        : "";
  return {
    name: "key-auth",
    priority: 0,
    failMode: "closed",
    access(ctx) {
      if (open) return undefined;
      // why: an auth plugin that runs earlier (jwt-auth) already established who is calling.
      if (ctx.identity) return undefined;
      const key = presented(ctx);
      if (!key) {
        const how = ctx.dialect === "anthropic" ? "an 'x-api-key' header" : "'Authorization: Bearer <key>'";
        return refuse("missing_api_key", `No API key provided. Send your Tollgate key in ${how}.`);
      }
      const hash = hashKey(key);
      const found = keys.get(hash);
      if (found) {
        ctx.identity = withModels(ctx, found);
        return undefined;
      }
      if (!managed || !MANAGED_SECRET.test(key))
        return refuse("invalid_api_key", `Incorrect API key provided.${hint}`);
      return managedIdentity(ctx, managed, hash, env, hint);
    },
  };
}

// why: separate and async so config-file keys stay a synchronous map lookup on the hot path.
async function managedIdentity(
  ctx: RequestContext,
  managed: ManagedKeys,
  hash: string,
  env: PluginEnv,
  hint: string,
): Promise<Verdict> {
  let resolved: Awaited<ReturnType<ManagedKeys["lookup"]>>;
  try {
    resolved = await managed.lookup(hash);
  } catch (err) {
    env.logger.warn({ err: String(err) }, "key lookup failed: records store unavailable");
    return {
      refuse: new GatewayError({
        status: 503,
        kind: "overloaded",
        code: "identity_unavailable",
        message: "This key cannot be checked right now (the key store is unavailable). Retry shortly.",
        retryAfter: "1",
      }),
    };
  }
  if (!resolved) return refuse("invalid_api_key", `Incorrect API key provided.${hint}`);
  const { keyId: _id, expiresAt: _exp, ...named } = resolved;
  ctx.identity = withModels(ctx, named);
  return undefined;
}

export const keyAuthPlugin: PluginDefinition<KeyAuthConfig> = {
  name: "key-auth",
  configSchema: keyAuthConfigSchema,
  create,
};

import type { Policy } from "../governance/policy.js";

/**
 * Who is calling, as established by an auth plugin (`key-auth` today; JWT and admin-issued keys
 * with governance). Everything after the access phase reads `ctx.identity`; no plugin reads another
 * plugin's fields.
 */
export interface Identity {
  /** The key's configured name (never the secret). */
  key?: string;
  consumer?: string;
  team?: string;
  tenant?: string;
  /** Model names this identity may use; undefined = all. */
  models?: ReadonlySet<string>;
  /**
   * The rules of every entity the caller belongs to, narrowest first (key, consumer, team, tenant).
   * The limits engine enforces each one's limits and budgets; model access is already folded into
   * `models` by the auth plugin.
   */
  policies?: readonly Policy[];
}

/** Whether the identity may use the model named `name`. */
export function mayUse(identity: Identity | undefined, name: string): boolean {
  return !identity?.models || identity.models.has(name);
}

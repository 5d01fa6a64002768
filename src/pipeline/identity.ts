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
}

/** Whether the identity may use the model named `name`. */
export function mayUse(identity: Identity | undefined, name: string): boolean {
  return !identity?.models || identity.models.has(name);
}

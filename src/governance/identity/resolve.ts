/**
 * From a secret's digest to who is calling: the key, its consumer, the consumer's team and the
 * team's (or consumer's) tenant, with each one's rules as a `Policy`, narrowest first.
 */
import type { Policy } from "../policy.js";
import { policyOf } from "./config-entities.js";
import type { IdentityDirectory } from "./directory.js";

export interface ResolvedKey {
  keyId: string;
  /** The key's name (what records, metrics and the ledger show). */
  key: string;
  consumer?: string;
  team?: string;
  tenant?: string;
  policies: Policy[];
  /** ms since the epoch; the key stops working then even if the cache still holds it. */
  expiresAt?: number;
}

/** Null for an unknown, revoked or expired secret. */
export async function resolveKey(
  dir: IdentityDirectory,
  hash: string,
  now = Date.now(),
): Promise<ResolvedKey | null> {
  const keyId = await dir.keyIdForHash(hash);
  if (!keyId) return null;
  const key = await dir.getKey(keyId);
  if (!key || key.revoked_at || !key.secrets.some((s) => s.hash === hash)) return null;
  const expiresAt = key.expires_at ? Date.parse(key.expires_at) : undefined;
  if (expiresAt !== undefined && expiresAt <= now) return null;
  const policies: Policy[] = [policyOf("key", key)];
  const consumer = key.consumer ? await dir.get("consumer", key.consumer) : null;
  const team = consumer?.team ? await dir.get("team", consumer.team) : null;
  const tenantId = team?.tenant ?? consumer?.tenant;
  const tenant = tenantId ? await dir.get("tenant", tenantId) : null;
  if (consumer) policies.push(policyOf("consumer", consumer));
  if (team) policies.push(policyOf("team", team));
  if (tenant) policies.push(policyOf("tenant", tenant));
  return {
    keyId,
    key: key.name,
    ...(consumer ? { consumer: consumer.id } : {}),
    ...(team ? { team: team.id } : {}),
    ...(tenant ? { tenant: tenant.id } : {}),
    policies,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

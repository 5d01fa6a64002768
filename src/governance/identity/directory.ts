/**
 * The identity directory: tenants, teams, consumers and keys as documents in the RecordStore
 * (kinds `tenant`, `team`, `consumer`, `key`, plus `key_secret` documents whose id is a secret's
 * digest, pointing at the key). Every change also writes a new random `identity_version`
 * document, which each node's key cache polls to notice changes (see key-cache.ts).
 */
import { randomBytes } from "node:crypto";
import { AdminError } from "../../admin/admin-error.js";
import { applyPatch } from "../../admin/patch.js";
import type { RecordStore } from "../../state/types.js";
import { type ConfigEntities, NO_CONFIG_ENTITIES } from "./config-entities.js";
import type { EntityDoc, EntityKind, KeyDoc, SecretRef } from "./entities.js";
import { generateSecret, hashKey, newKeyId, secretPrefix } from "./secret.js";

export const VERSION_KIND = "identity_version";
export const SECRET_KIND = "key_secret";

export interface SecretDoc {
  key_id: string;
}

const PARENT: Record<EntityKind, EntityKind[]> = {
  tenant: [],
  team: ["tenant"],
  consumer: ["team", "tenant"],
};
const CHILDREN: Record<EntityKind, EntityKind[]> = {
  tenant: ["team", "consumer"],
  team: ["consumer"],
  consumer: [],
};

export class IdentityDirectory {
  /** `config`: the entities the serving config declares, read first and read-only here. */
  constructor(
    private readonly records: RecordStore,
    readonly config: ConfigEntities = NO_CONFIG_ENTITIES,
  ) {}

  /** Every document of a kind (the directory is small: operators create these by hand). */
  async all<T>(kind: string): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    do {
      const page = await this.records.list<T>(kind, { limit: 1000, ...(after ? { after } : {}) });
      out.push(...page.items.map((i) => i.doc));
      after = page.next ?? undefined;
    } while (after);
    return out;
  }

  async get(kind: EntityKind, id: string): Promise<EntityDoc | null> {
    return this.config.get(kind, id) ?? (await this.records.get<EntityDoc>(kind, id))?.doc ?? null;
  }

  async create(kind: EntityKind, doc: Omit<EntityDoc, "created_at" | "updated_at">): Promise<EntityDoc> {
    this.#notConfig(kind, doc.id);
    if (await this.get(kind, doc.id))
      throw AdminError.conflict(`A ${kind} with id '${doc.id}' already exists.`, "id");
    await this.#checkParents(kind, doc);
    const now = new Date().toISOString();
    const stored: EntityDoc = { ...doc, created_at: now, updated_at: now };
    await this.records.put(kind, doc.id, stored);
    await this.bump();
    return stored;
  }

  /** Replaces the fields given and removes those in `clear` (a PATCH); the id stays. */
  async update(
    kind: EntityKind,
    id: string,
    patch: Partial<EntityDoc>,
    clear: readonly string[] = [],
  ): Promise<EntityDoc> {
    this.#notConfig(kind, id);
    const old = await this.get(kind, id);
    if (!old) throw AdminError.notFound(kind, id);
    const next: EntityDoc = {
      ...applyPatch(old, patch, clear),
      id,
      created_at: old.created_at,
      updated_at: new Date().toISOString(),
    };
    await this.#checkParents(kind, next);
    await this.records.put(kind, id, next);
    await this.bump();
    return next;
  }

  async remove(kind: EntityKind, id: string): Promise<void> {
    this.#notConfig(kind, id);
    if (!(await this.get(kind, id))) throw AdminError.notFound(kind, id);
    for (const child of CHILDREN[kind]) {
      const users = (await this.all<EntityDoc>(child)).filter((c) => c[kind as "tenant" | "team"] === id);
      if (users.length) {
        throw AdminError.conflict(
          `The ${kind} '${id}' still has ${users.length} ${child}(s) (${users
            .slice(0, 5)
            .map((u) => u.id)
            .join(", ")}); delete or move them first.`,
        );
      }
    }
    if (kind === "consumer") {
      const keys = (await this.all<KeyDoc>("key")).filter((k) => k.consumer === id && !k.revoked_at);
      if (keys.length) {
        throw AdminError.conflict(
          `The consumer '${id}' still has ${keys.length} active key(s); revoke them first.`,
        );
      }
    }
    await this.records.delete(kind, id);
    await this.bump();
  }

  /** Config entities change with the config file only: the admin API answers 409 for them. */
  #notConfig(kind: EntityKind, id: string): void {
    if (this.config.get(kind, id)) throw AdminError.configEntity(kind, id);
  }

  async #checkParents(kind: EntityKind, doc: Pick<EntityDoc, "tenant" | "team">): Promise<void> {
    for (const parent of PARENT[kind]) {
      const ref = doc[parent as "tenant" | "team"];
      if (ref && !(await this.get(parent, ref))) throw AdminError.unknownReference(parent, parent, ref);
    }
  }

  async getKey(id: string): Promise<KeyDoc | null> {
    return (await this.records.get<KeyDoc>("key", id))?.doc ?? null;
  }

  /** Creates a key; the secret is returned here only. */
  async createKey(
    body: Omit<KeyDoc, "id" | "prefix" | "secrets" | "created_at" | "updated_at">,
  ): Promise<{ doc: KeyDoc; secret: string }> {
    if (body.consumer && !(await this.get("consumer", body.consumer))) {
      throw AdminError.unknownReference("consumer", "consumer", body.consumer);
    }
    const taken = (await this.all<KeyDoc>("key")).some((k) => k.name === body.name && !k.revoked_at);
    if (taken) throw AdminError.conflict(`An active key named '${body.name}' already exists.`, "name");
    const id = newKeyId();
    const secret = generateSecret();
    const ref: SecretRef = { hash: hashKey(secret), prefix: secretPrefix(secret) };
    const now = new Date().toISOString();
    const doc: KeyDoc = { ...body, id, prefix: ref.prefix, secrets: [ref], created_at: now, updated_at: now };
    // The secret's pointer first: a key document never names a secret that cannot be found.
    await this.records.put(
      SECRET_KIND,
      ref.hash,
      { key_id: id } satisfies SecretDoc,
      this.#expiry(doc.expires_at),
    );
    await this.records.put("key", id, doc);
    await this.bump();
    return { doc, secret };
  }

  async updateKey(id: string, patch: Partial<KeyDoc>, clear: readonly string[] = []): Promise<KeyDoc> {
    const old = await this.#activeKey(id);
    if (patch.consumer && !(await this.get("consumer", patch.consumer))) {
      throw AdminError.unknownReference("consumer", "consumer", patch.consumer);
    }
    const next: KeyDoc = {
      ...applyPatch(old, patch, clear),
      id,
      secrets: old.secrets,
      prefix: old.prefix,
      updated_at: new Date().toISOString(),
    };
    // why: a secret's pointer expires with the key, so a new (or cleared) expiry moves its end too.
    if (next.expires_at !== old.expires_at) await this.#repointSecrets(id, next);
    await this.records.put("key", id, next);
    await this.bump();
    return next;
  }

  /**
   * A new secret for the key; the current ones keep working for `overlapSeconds` more (their
   * pointer documents expire then, so no sweep is needed for them to stop working).
   */
  async rotateKey(
    id: string,
    overlapSeconds: number,
  ): Promise<{ doc: KeyDoc; secret: string; overlapEndsAt: string }> {
    const old = await this.#activeKey(id);
    const now = Date.now();
    const overlapEnd = now + overlapSeconds * 1000;
    const secret = generateSecret();
    const ref: SecretRef = { hash: hashKey(secret), prefix: secretPrefix(secret) };
    await this.records.put(
      SECRET_KIND,
      ref.hash,
      { key_id: id } satisfies SecretDoc,
      this.#expiry(old.expires_at),
    );
    const live = old.secrets.filter((s) => !s.expires_at || Date.parse(s.expires_at) > now);
    const ending: SecretRef[] = [];
    for (const s of live) {
      const end = Math.min(overlapEnd, s.expires_at ? Date.parse(s.expires_at) : Number.POSITIVE_INFINITY);
      if (end <= now) await this.records.delete(SECRET_KIND, s.hash);
      else {
        await this.records.put(SECRET_KIND, s.hash, { key_id: id } satisfies SecretDoc, { expiresAt: end });
        ending.push({ ...s, expires_at: new Date(end).toISOString() });
      }
    }
    const doc: KeyDoc = {
      ...old,
      prefix: ref.prefix,
      secrets: [ref, ...ending],
      updated_at: new Date(now).toISOString(),
    };
    await this.records.put("key", id, doc);
    await this.bump();
    return { doc, secret, overlapEndsAt: new Date(overlapEnd).toISOString() };
  }

  /** Revokes at once: every secret's pointer is deleted; the key document stays, marked revoked. */
  async revokeKey(id: string): Promise<KeyDoc> {
    const old = await this.getKey(id);
    if (!old) throw AdminError.notFound("key", id);
    if (old.revoked_at) return old;
    for (const s of old.secrets) await this.records.delete(SECRET_KIND, s.hash);
    const now = new Date().toISOString();
    const doc: KeyDoc = { ...old, secrets: [], revoked_at: now, updated_at: now };
    await this.records.put("key", id, doc);
    await this.bump();
    return doc;
  }

  /** Which key a secret's digest belongs to (null: unknown, expired overlap, or revoked). */
  async keyIdForHash(hash: string): Promise<string | null> {
    return (await this.records.get<SecretDoc>(SECRET_KIND, hash))?.doc.key_id ?? null;
  }

  /** The change marker nodes poll; a random value, so concurrent writers never collide on it. */
  async version(): Promise<string | null> {
    return (await this.records.get<{ v: string }>(VERSION_KIND, "current"))?.doc.v ?? null;
  }

  async bump(): Promise<void> {
    await this.records.put(VERSION_KIND, "current", { v: randomBytes(9).toString("base64url") });
  }

  async #activeKey(id: string): Promise<KeyDoc> {
    const old = await this.getKey(id);
    if (!old) throw AdminError.notFound("key", id);
    if (old.revoked_at) throw AdminError.conflict(`The key '${id}' was revoked at ${old.revoked_at}.`);
    return old;
  }

  /** Each live secret's pointer again, ending at its rotation overlap or the key's expiry. */
  async #repointSecrets(id: string, key: KeyDoc): Promise<void> {
    const keyEnd = key.expires_at ? Date.parse(key.expires_at) : Number.POSITIVE_INFINITY;
    for (const s of key.secrets) {
      // A secret whose rotation overlap is over stays gone; a past key expiry is enforced by resolveKey too.
      if (s.expires_at && Date.parse(s.expires_at) <= Date.now()) continue;
      const end = Math.min(keyEnd, s.expires_at ? Date.parse(s.expires_at) : Number.POSITIVE_INFINITY);
      await this.records.put(
        SECRET_KIND,
        s.hash,
        { key_id: id } satisfies SecretDoc,
        Number.isFinite(end) ? { expiresAt: end } : {},
      );
    }
  }

  #expiry(expiresAt: string | undefined): { expiresAt?: number } {
    return expiresAt ? { expiresAt: Date.parse(expiresAt) } : {};
  }
}

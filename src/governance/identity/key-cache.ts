/**
 * The node-local cache of managed keys, and how revocations reach it.
 *
 * - Every lookup result (found or not) is cached under the secret's digest, tagged with the
 *   cache's generation.
 * - A poller reads the directory's `identity_version` document every `pollMs` (500 ms). When it
 *   changed, the generation moves on: every cached entry is re-read from the records store on
 *   its next use. So a revocation, rotation end or policy change on any node is seen by every
 *   node within about `pollMs` plus one read.
 * - Last known good: when the records store cannot answer (an outage), an entry from an earlier
 *   generation is served as it was, so valid keys keep working; a key never seen before cannot be
 *   checked and is refused with 503. A store that does not answer at all (a partition) counts as
 *   down after `REQUEST_PATH_DEADLINE_MS`. While the store is down no change is seen either: a key
 *   revoked during the outage keeps working on nodes that cached it until the store is back.
 * - A key's `expires_at` is checked on every use, without the store.
 */
import type { Logger } from "pino";
import { withDeadline } from "../../state/deadline.js";
import type { Storage } from "../../state/storage.js";
import { type ConfigEntities, NO_CONFIG_ENTITIES } from "./config-entities.js";
import { IdentityDirectory } from "./directory.js";
import { type ResolvedKey, resolveKey } from "./resolve.js";

interface Entry {
  value: ResolvedKey | null;
  gen: number;
}

/** More entries than this and the oldest generation's are dropped first (bounded memory). */
const MAX_ENTRIES = 50_000;

export class KeyCacheUnavailable extends Error {}

export class KeyCache {
  readonly #entries = new Map<string, Entry>();
  #gen = 0;
  #version: string | null | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #closed = false;
  #entities: ConfigEntities = NO_CONFIG_ENTITIES;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly pollMs = 500,
  ) {}

  /** The key for this digest, null when unknown/revoked/expired; throws KeyCacheUnavailable. */
  async lookup(hash: string): Promise<ResolvedKey | null> {
    if (this.#version === undefined) await this.poll(); // the baseline before the first read
    this.#startPolling();
    const hit = this.#entries.get(hash);
    if (hit && hit.gen === this.#gen) return this.#live(hit.value);
    try {
      const value = await withDeadline(
        this.storage
          .records()
          .then((store) => resolveKey(new IdentityDirectory(store, this.#entities), hash)),
        "key lookup",
      );
      this.#remember(hash, value);
      return this.#live(value);
    } catch (err) {
      if (hit) {
        this.logger.warn({ err: String(err) }, "records store unavailable: serving the last known key");
        return this.#live(hit.value);
      }
      throw new KeyCacheUnavailable(String(err));
    }
  }

  /**
   * The serving config's tenants, teams and consumers, which managed keys may belong to. Set on
   * every (re)load; the cached chains are dropped, so a reload applies to managed keys at once.
   */
  useConfigEntities(entities: ConfigEntities): void {
    this.#entities = entities;
    this.invalidate();
  }

  /** Drops everything now (this node made a change itself). */
  invalidate(): void {
    this.#gen++;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #live(v: ResolvedKey | null): ResolvedKey | null {
    return v && v.expiresAt !== undefined && v.expiresAt <= Date.now() ? null : v;
  }

  #remember(hash: string, value: ResolvedKey | null): void {
    if (this.#entries.size >= MAX_ENTRIES) {
      for (const [k, e] of this.#entries) if (e.gen !== this.#gen) this.#entries.delete(k);
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    }
    this.#entries.set(hash, { value, gen: this.#gen });
  }

  #startPolling(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => void this.poll(), this.pollMs);
    this.#timer.unref();
  }

  /** One poll of the change marker (exported for tests; the timer calls it). */
  async poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const v = await new IdentityDirectory(await this.storage.records()).version();
      if (this.#version !== undefined && v !== this.#version) this.#gen++;
      this.#version = v;
    } catch {
      // The store is down: keep the generation (last known good) and try again next tick.
    } finally {
      this.#polling = false;
    }
  }
}

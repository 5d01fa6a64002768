/**
 * The identity directory and the key cache on both RecordStore backends, for real: SQLite files
 * and PostgreSQL databases made for this run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { pgDatabases } from "../../../test/support/pg-databases.js";
import { describeSkipped, serviceDown } from "../../../test/support/services.js";
import { AdminError } from "../../admin/admin-error.js";
import { openRecordStore } from "../../state/index.js";
import type { Storage } from "../../state/storage.js";
import type { RecordStore } from "../../state/types.js";
import { StateUnavailableError } from "../../state/types.js";
import { IdentityDirectory } from "./directory.js";
import { KeyCache } from "./key-cache.js";
import { resolveKey } from "./resolve.js";
import { hashKey } from "./secret.js";

const silent = pino({ level: "silent" });
const dir = mkdtempSync(join(tmpdir(), "tollgate-identity-"));
const pgDown = await serviceDown("PostgreSQL");
const pgs = pgDatabases("identity");
let n = 0;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!pgDown) await pgs.dropAll();
});

/** A Storage whose records store can be switched off (an outage), for the cache's fallback. */
function switchable(store: RecordStore): { storage: Storage; down: (d: boolean) => void } {
  let isDown = false;
  const storage = {
    records: () =>
      isDown ? Promise.reject(new StateUnavailableError("sqlite", "down")) : Promise.resolve(store),
  } as unknown as Storage;
  return {
    storage,
    down: (d) => {
      isDown = d;
    },
  };
}

async function expectAdminError(p: Promise<unknown>, status: number, param?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdminError);
  expect((err as AdminError).status).toBe(status);
  if (param) expect((err as AdminError).param).toBe(param);
}

function suite(backend: string, open: () => Promise<RecordStore>): void {
  describe(`identity directory on ${backend}`, () => {
    it("builds the chain key → consumer → team → tenant, narrowest first", async () => {
      const store = await open();
      const d = new IdentityDirectory(store);
      await d.create("tenant", { id: "acme", models: { deny: ["gpt-4o"] } });
      await d.create("team", { id: "platform", tenant: "acme", budgets: [budget(500)] });
      await d.create("consumer", { id: "support", team: "platform" });
      const { doc, secret } = await d.createKey({
        name: "support-bot",
        consumer: "support",
        models: { allow: ["gpt-4o-mini"] },
      });
      expect(secret).toMatch(/^tg-[0-9A-Za-z]{43}$/);
      expect(doc.prefix).toBe(secret.slice(0, 9));
      expect(JSON.stringify(await store.get("key", doc.id))).not.toContain(secret);
      const r = await resolveKey(d, hashKey(secret));
      expect(r).toMatchObject({ key: "support-bot", consumer: "support", team: "platform", tenant: "acme" });
      expect(r!.policies.map((p) => `${p.level}:${p.id}`)).toEqual([
        `key:${doc.id}`,
        "consumer:support",
        "team:platform",
        "tenant:acme",
      ]);
      expect(r!.policies[2]!.budgets).toEqual([budget(500)]);
      expect(await resolveKey(d, hashKey(`${secret}x`))).toBeNull();
      await store.close();
    });

    it("answers 409 for duplicates and in-use parents, 422 naming the field for unknown parents", async () => {
      const store = await open();
      const d = new IdentityDirectory(store);
      await d.create("tenant", { id: "t1" });
      await expectAdminError(d.create("tenant", { id: "t1" }), 409, "id");
      await expectAdminError(d.create("team", { id: "x", tenant: "nope" }), 422, "tenant");
      await d.create("team", { id: "team1", tenant: "t1" });
      await expectAdminError(d.remove("tenant", "t1"), 409);
      await d.create("consumer", { id: "c1", team: "team1" });
      await expectAdminError(d.createKey({ name: "k", consumer: "nobody" }), 422, "consumer");
      const { doc } = await d.createKey({ name: "k", consumer: "c1" });
      await expectAdminError(d.createKey({ name: "k" }), 409, "name");
      await expectAdminError(d.remove("consumer", "c1"), 409);
      await d.revokeKey(doc.id);
      await d.remove("consumer", "c1");
      await d.remove("team", "team1");
      await d.remove("tenant", "t1");
      await expectAdminError(d.remove("tenant", "t1"), 404);
      await store.close();
    });

    it("rotates with an overlap, revokes at once, and stops expired keys", async () => {
      const store = await open();
      const d = new IdentityDirectory(store);
      const { doc, secret: first } = await d.createKey({ name: "rot" });
      const r1 = await d.rotateKey(doc.id, 3600);
      expect(r1.secret).not.toBe(first);
      expect(await resolveKey(d, hashKey(first))).not.toBeNull();
      expect(await resolveKey(d, hashKey(r1.secret))).not.toBeNull();
      const r2 = await d.rotateKey(doc.id, 0);
      expect(await resolveKey(d, hashKey(first))).toBeNull();
      expect(await resolveKey(d, hashKey(r1.secret))).toBeNull();
      expect(await resolveKey(d, hashKey(r2.secret))).not.toBeNull();
      await d.revokeKey(doc.id);
      expect(await resolveKey(d, hashKey(r2.secret))).toBeNull();
      await expectAdminError(d.rotateKey(doc.id, 10), 409);
      const past = await d.createKey({ name: "old", expires_at: new Date(Date.now() - 1000).toISOString() });
      expect(await resolveKey(d, hashKey(past.secret))).toBeNull();
      await store.close();
    });

    it("changes the version marker on every change", async () => {
      const store = await open();
      const d = new IdentityDirectory(store);
      const seen = new Set([await d.version()]);
      await d.create("tenant", { id: "v" });
      seen.add(await d.version());
      const { doc } = await d.createKey({ name: "v" });
      seen.add(await d.version());
      await d.revokeKey(doc.id);
      seen.add(await d.version());
      expect(seen.size).toBe(4);
      await store.close();
    });

    it("key cache: sees a revocation made elsewhere after one poll; keeps cached keys in an outage", async () => {
      const store = await open();
      const d = new IdentityDirectory(store);
      const a = await d.createKey({ name: "cached" });
      const b = await d.createKey({ name: "never-seen" });
      const sw = switchable(store);
      const cache = new KeyCache(sw.storage, silent, 60_000);
      expect((await cache.lookup(hashKey(a.secret)))?.key).toBe("cached");
      // Revoked by "another node" (straight in the store): the cache still has it until a poll.
      await d.revokeKey(a.doc.id);
      expect((await cache.lookup(hashKey(a.secret)))?.key).toBe("cached");
      await cache.poll();
      expect(await cache.lookup(hashKey(a.secret))).toBeNull();

      const c = await d.createKey({ name: "survivor" });
      expect((await cache.lookup(hashKey(c.secret)))?.key).toBe("survivor");
      await d.bump();
      await cache.poll();
      sw.down(true);
      // Last known good: a valid cached key keeps working though its generation is old…
      expect((await cache.lookup(hashKey(c.secret)))?.key).toBe("survivor");
      // …and a key this node never saw cannot be checked.
      await expect(cache.lookup(hashKey(b.secret))).rejects.toThrow();
      sw.down(false);
      expect((await cache.lookup(hashKey(b.secret)))?.key).toBe("never-seen");
      cache.close();
      await store.close();
    });
  });
}

const budget = (limit_usd: number) => ({
  limit_usd,
  period: "monthly" as const,
  alignment: "calendar" as const,
  enforcement: "hard" as const,
});

suite("sqlite", () => openRecordStore({ backend: "sqlite", path: join(dir, `db-${++n}.sqlite`) }));
if (pgDown) describeSkipped("identity directory on postgres", "PostgreSQL", pgDown);
else suite("postgres", async () => openRecordStore({ backend: "postgres", url: await pgs.create() }));

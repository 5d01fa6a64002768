/**
 * A records-database outage, for real (issue 11): the gateway reaches PostgreSQL through a TCP
 * proxy this test controls, so the shared server keeps running while the gateway loses it. A key
 * created and used before the outage keeps working while the database is unreachable (both as
 * refused connections and as a silent partition), a key never seen gets 503, and every usage row
 * of the outage is queued and reaches the ledger exactly once when the database is back.
 */

import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { ADMIN_RULES_TTL_MS } from "../../src/governance/engine.js";
import { REQUEST_PATH_DEADLINE_MS } from "../../src/state/deadline.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { pgDatabases } from "../support/pg-databases.js";
import { describeSkipped, serviceDown } from "../support/services.js";
import { type CutMode, startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { ENV, referenceConfig } from "./harness.js";

const TOKEN = "outage-admin-token-0123456789";
const pgDown = await serviceDown("PostgreSQL");
const pgs = pgDatabases("outage");
/**
 * Clients give up after twice the request-path deadline: a request the unreachable database
 * holds (a key lookup or an admin-budgets refresh waiting on the driver's own 5 s connect or
 * 30 s query timeout) fails the test instead of passing late.
 */
const CLIENT_TIMEOUT_MS = 2 * REQUEST_PATH_DEADLINE_MS;
/** At least this many requests are sent while the database is unreachable. */
const MIN_DURING = 5;

if (pgDown) describeSkipped("records-database outage", "PostgreSQL", pgDown);
else
  describe("records-database outage: valid keys keep working, usage rows are written once it returns", () => {
    let emulator: Emulator;
    let local: Emulator;
    beforeAll(async () => {
      emulator = await startAllEmulators();
      local = await startLocalEmulators();
    });
    afterAll(async () => {
      await emulator?.close();
      await local?.close();
      await pgs.dropAll();
    });

    async function node(mode: CutMode) {
      const url = new URL(await pgs.create());
      const direct = new pg.Client({ connectionString: url.toString() });
      direct.on("error", () => undefined);
      await direct.connect();
      const proxy: TcpProxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      const viaProxy = new URL(url);
      viaProxy.port = String(proxy.port);
      const gw: Gateway = createGateway({
        config: referenceConfig(emulator.port, local.port, {
          admin: { host: "127.0.0.1", port: 0, token: "{env://ADMIN_TOKEN}" },
          storage: { records: { backend: "postgres", url: viaProxy.toString() } },
          limits: { ledger: { flush_ms: 50 } },
        }),
        env: { ...ENV, ADMIN_TOKEN: TOKEN },
        logger: pino({ level: "silent" }),
      });
      const l = await gw.listen({ port: 0, host: "127.0.0.1", admin: true });
      const admin = async (path: string, body?: unknown) => {
        const res = await fetch(`${l.adminUrl}${path}`, {
          method: body ? "POST" : "GET",
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const chat = async (key: string) => {
        const res = await fetch(`${l.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
          body: JSON.stringify({
            model: "gpt-4o-mini",
            max_tokens: 16,
            messages: [{ role: "user", content: "Hi" }],
          }),
        });
        const body = (await res.json()) as { error?: { code?: string } };
        return { status: res.status, id: res.headers.get("x-request-id"), code: body.error?.code };
      };
      const ledger = async (key: string) =>
        (await direct.query("SELECT request_id FROM tollgate_ledger WHERE key = $1", [key])).rows.map(
          (r: { request_id: string }) => r.request_id,
        );
      const close = async () => {
        proxy.restore();
        await gw.close(0);
        await proxy.close();
        await direct.end();
      };
      return { gw, proxy, admin, chat, ledger, close, mode };
    }

    // why: after a long outage the ledger retries at most every 10 s, so rows may take that long.
    async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (await ok()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    for (const mode of ["reset", "blackhole"] as const)
      it(`when connections are ${mode === "reset" ? "refused" : "silently dropped (a partition)"}`, async () => {
        const n = await node(mode);
        try {
          const made = await n.admin("/admin/v1/keys", {
            name: "outage-app",
            budget: { limit_usd: 100, period: "monthly" },
            limits: [{ metric: "requests", limit: 10_000, window: "1h" }],
          });
          expect(made.status).toBe(201);
          const secret = made.body.key as string;
          // A managed-shaped secret this node has never looked up.
          const unseen = (await n.admin("/admin/v1/keys", { name: "never-used", budget: { limit_usd: 1 } }))
            .body.key as string;
          // An admin budget document on the key: the admin copy the node must keep using.
          const budget = await n.admin("/admin/v1/budgets", {
            scope: { level: "key", id: "outage-app" },
            limit_usd: 50,
            period: "daily",
          });
          expect(budget.status).toBe(201);
          const first = await n.chat(secret);
          expect(first.status).toBe(200);
          await until("the first ledger row", async () => (await n.ledger("outage-app")).length === 1);

          n.proxy.cut(mode);
          // The outage outlasts the node's copy of the admin budgets, so a refresh falls in it.
          const cutAt = Date.now();
          const during: Array<Awaited<ReturnType<typeof n.chat>>> = [];
          while (during.length < MIN_DURING || Date.now() - cutAt < ADMIN_RULES_TTL_MS + 1000) {
            during.push(await n.chat(secret));
            await new Promise((r) => setTimeout(r, 300));
          }
          expect(during.map((r) => r.status)).toEqual(during.map(() => 200));
          const refused = await n.chat(unseen);
          expect(refused).toMatchObject({ status: 503, code: "identity_unavailable" });
          // Nothing reached the database while it was cut off: the rows are queued.
          expect(await n.ledger("outage-app")).toHaveLength(1);

          n.proxy.restore();
          const ids = [first, ...during].map((r) => r.id).sort();
          await until("every queued row", async () => (await n.ledger("outage-app")).length >= ids.length);
          // Once each: the ledger holds exactly the requests the client was answered for.
          expect((await n.ledger("outage-app")).sort()).toEqual(ids);
        } finally {
          await n.close();
        }
      }, 60_000);
  });

/**
 * The admin API's budgets and limits when the records database cannot be reached, for real: the
 * gateway reaches PostgreSQL through a TCP proxy this test cuts. A node that has no copy of the
 * documents yet follows the failure mode (budgets fail closed by default: 503
 * `state_unavailable` with `retry-after`; `fail_open`: served without them), logged either way;
 * a node that has a copy keeps enforcing it when a later refresh fails.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../src/gateway.js";
import { ADMIN_RULES_TTL_MS } from "../../src/governance/engine.js";
import { REQUEST_PATH_DEADLINE_MS } from "../../src/state/deadline.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { pgDatabases } from "../support/pg-databases.js";
import { describeSkipped, serviceDown } from "../support/services.js";
import { type CutMode, startTcpProxy } from "../support/tcp-proxy.js";
import { ENV, KEY, referenceConfig } from "./harness.js";

const TOKEN = "admin-rules-outage-token-0123456789";
const pgDown = await serviceDown("PostgreSQL");
const pgs = pgDatabases("adminrules");
/** A request the unreachable database holds past the request-path deadline fails the test. */
const CLIENT_TIMEOUT_MS = 2 * REQUEST_PATH_DEADLINE_MS;

if (pgDown) describeSkipped("admin budgets and limits in a records outage", "PostgreSQL", pgDown);
else
  describe("admin budgets and limits in a records outage", () => {
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

    async function node(limits: Record<string, unknown> = {}) {
      const url = new URL(await pgs.create());
      const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      const viaProxy = new URL(url);
      viaProxy.port = String(proxy.port);
      const logs: Array<Record<string, unknown>> = [];
      const sink = new Writable({
        write(chunk, _enc, done) {
          for (const line of String(chunk).split("\n")) if (line) logs.push(JSON.parse(line));
          done();
        },
      });
      const gw = createGateway({
        config: referenceConfig(emulator.port, local.port, {
          admin: { host: "127.0.0.1", port: 0, token: "{env://ADMIN_TOKEN}" },
          storage: { records: { backend: "postgres", url: viaProxy.toString() } },
          limits: { ledger: { flush_ms: 50 }, ...limits },
        }),
        env: { ...ENV, ADMIN_TOKEN: TOKEN },
        logger: pino({ level: "info" }, sink),
      });
      const l = await gw.listen({ port: 0, host: "127.0.0.1", admin: true });
      const admin = async (path: string, body: unknown) => {
        const res = await fetch(`${l.adminUrl}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        return res.status;
      };
      const chat = async () => {
        const res = await fetch(`${l.url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
          signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
          body: JSON.stringify({
            model: "gpt-4o-mini",
            max_tokens: 16,
            messages: [{ role: "user", content: "Hi" }],
          }),
        });
        const body = (await res.json()) as { error?: { code?: string; type?: string; limit?: unknown } };
        return { status: res.status, retryAfter: res.headers.get("retry-after"), error: body.error };
      };
      const logged = (msg: string) => logs.filter((l) => typeof l.msg === "string" && l.msg.includes(msg));
      const close = async () => {
        proxy.restore();
        await gw.close(0);
        await proxy.close();
      };
      // An admin limit on the config key `demo-app`: 3 requests an hour. Creating it drops the
      // node's copy, so the next request is this node's first read of the documents.
      const made = await admin("/admin/v1/limits", {
        scope: { level: "key", id: "demo-app" },
        metric: "requests",
        limit: 3,
        window: "1h",
      });
      expect(made).toBe(201);
      const explain = async () => {
        const res = await fetch(`${l.adminUrl}/admin/v1/limits/explain?key=demo-app`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        return { status: res.status, body: (await res.json()) as { error?: { code?: string } } };
      };
      return { proxy, chat, explain, logged, close };
    }

    const UNREAD = "this node has no copy of the admin budgets and limits";

    for (const mode of ["reset", "blackhole"] as CutMode[])
      it(`fails closed with no copy, then keeps enforcing its copy (connections ${mode === "reset" ? "refused" : "silently dropped"})`, async () => {
        const n = await node();
        try {
          n.proxy.cut(mode);
          const refused = await n.chat();
          expect(refused).toMatchObject({
            status: 503,
            retryAfter: "1",
            error: { code: "state_unavailable" },
          });
          expect(n.logged(UNREAD)).toEqual([
            expect.objectContaining({ level: 50, action: "refused", request_id: expect.any(String) }),
          ]);

          if (mode === "reset") {
            // An explanation without the admin documents would look complete: 503 instead.
            const explained = await n.explain();
            expect(explained).toMatchObject({
              status: 503,
              body: { error: { code: "storage_unavailable" } },
            });
          }

          n.proxy.restore();
          expect((await n.chat()).status).toBe(200);
          expect((await n.chat()).status).toBe(200);
          // The outage outlasts the copy, so the refreshes fall in it and fail.
          n.proxy.cut(mode);
          await new Promise((r) => setTimeout(r, ADMIN_RULES_TTL_MS + 200));
          expect((await n.chat()).status).toBe(200);
          const fourth = await n.chat();
          expect(fourth).toMatchObject({
            status: 429,
            error: { code: "rate_limit_exceeded", limit: { scope: "key", scope_id: "demo-app", limit: 3 } },
          });
          // why: refused connections fail the refresh at once; in a partition it gives up only at
          // the driver's own query timeout (30 s), so there the 429 alone shows the copy was kept.
          if (mode === "reset") {
            const kept = () =>
              n
                .logged("admin budgets and limits could not be read")
                .filter((l) => l.copy === "last good copy kept");
            const end = Date.now() + 10_000;
            while (!kept().length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
            expect(kept()).not.toHaveLength(0);
          }
          // Only the first request of the outage was refused for want of a copy.
          expect(n.logged(UNREAD)).toHaveLength(1);
        } finally {
          await n.close();
        }
      }, 60_000);

    it("with budgets and limits fail_open, a node with no copy serves without them, and says so", async () => {
      const n = await node({ on_store_failure: { budgets: "fail_open", limits: "fail_open" } });
      try {
        n.proxy.cut("reset");
        expect((await n.chat()).status).toBe(200);
        expect(n.logged(UNREAD)).toEqual([
          expect.objectContaining({ level: 50, action: "served without admin budgets and limits" }),
        ]);
        n.proxy.restore();
        // Back: the documents are read and enforced (the outage's request was not counted).
        for (let i = 0; i < 3; i++) expect((await n.chat()).status).toBe(200);
        expect((await n.chat()).status).toBe(429);
      } finally {
        await n.close();
      }
    }, 60_000);
  });

/**
 * Two gateway instances share one PostgreSQL records store: a key created through one node's
 * admin API works on the other, and a revocation on the first stops it on the second once the
 * second's key cache polls the change marker (every 500 ms). The test waits for that with a
 * deadline instead of asserting a duration.
 */
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { pgDatabases } from "../support/pg-databases.js";
import { describeSkipped, serviceDown } from "../support/services.js";
import { ENV, referenceConfig } from "./harness.js";

const TOKEN = "fleet-admin-token-0123456789";
const pgDown = await serviceDown("PostgreSQL");
const pgs = pgDatabases("fleet");

if (pgDown) describeSkipped("revocation across two gateways sharing PostgreSQL", "PostgreSQL", pgDown);
else
  describe("revocation across two gateways sharing PostgreSQL", () => {
    let emulator: Emulator;
    let local: Emulator;
    const nodes: Array<{ gw: Gateway; url: string; adminUrl: string }> = [];

    beforeAll(async () => {
      emulator = await startAllEmulators();
      local = await startLocalEmulators();
      const db = await pgs.create();
      for (let i = 0; i < 2; i++) {
        const gw = createGateway({
          config: referenceConfig(emulator.port, local.port, {
            admin: { host: "127.0.0.1", port: 0, token: "{env://ADMIN_TOKEN}" },
            storage: { records: { backend: "postgres", url: db } },
          }),
          env: { ...ENV, ADMIN_TOKEN: TOKEN },
          logger: pino({ level: "silent" }),
        });
        const l = await gw.listen({ port: 0, host: "127.0.0.1", admin: true });
        nodes.push({ gw, url: l.url, adminUrl: l.adminUrl! });
      }
    });
    afterAll(async () => {
      for (const n of nodes) await n.gw.close(0);
      await emulator?.close();
      await local?.close();
      await pgs.dropAll();
    });

    const chat = (url: string, apiKey: string) =>
      new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0 }).chat.completions
        .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] })
        .then(
          () => 200,
          (e: { status?: number }) => e.status,
        );

    it("a key made on node A works on node B and stops there after a revocation on A", async () => {
      const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
      const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
      const created = await fetch(`${a.adminUrl}/admin/v1/keys`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ name: "fleet-app" }),
      }).then((r) => r.json() as Promise<{ id: string; key: string }>);
      expect(await chat(b.url, created.key)).toBe(200);
      expect(await chat(a.url, created.key)).toBe(200);

      const del = await fetch(`${a.adminUrl}/admin/v1/keys/${created.id}`, {
        method: "DELETE",
        headers: auth,
      });
      expect(del.status).toBe(200);
      expect(await chat(a.url, created.key)).toBe(401);
      // Node B learns of it from its poll of the change marker.
      const deadline = Date.now() + 10_000;
      let seen = await chat(b.url, created.key);
      while (seen === 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await chat(b.url, created.key);
      }
      expect(seen).toBe(401);
    });
  });

/**
 * Rolling budgets end to end, in process, on memory and Redis counters: periods counted from
 * the budget's anchor show in the refusal's `resets_at`, in the alert's `period_start` (alerts
 * are once per anchored period) and survive a restart; a config budget without an anchor is
 * anchored on first use and a new process keeps that anchor (it is in the records store).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { ANCHOR_KIND } from "../../src/governance/anchors.js";
import { openRecordStore } from "../../src/state/index.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { describeSkipped, REDIS_URL, runId, serviceDown } from "../support/services.js";
import { startWebhook } from "../support/webhook.js";
import { ENV } from "./harness.js";

const PRICE = { input_per_mtok: 1000, output_per_mtok: 2000 };
const redisDown = await serviceDown("Redis");
const PREFIX = `tollgate-test-rolling-${runId()}:`;
let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startAllEmulators();
  dir = mkdtempSync(join(tmpdir(), "tollgate-rolling-"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
  if (redisDown) return;
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

type Counters = { backend: "memory" } | { backend: "redis"; url: string; prefix: string };

async function start(db: string, counters: Counters, extra: Record<string, unknown>) {
  const config = {
    server: { host: "127.0.0.1", port: 0 },
    providers: {
      openai: { type: "openai", base_url: `http://127.0.0.1:${emu.port}/v1`, api_key: "sk-emulated-openai" },
    },
    models: [{ name: "gpt-4o-mini", targets: [{ provider: "openai", model: "gpt-4o-mini" }] }],
    logging: { level: "silent" },
    observability: { pricing: { "gpt-4o-mini": PRICE } },
    storage: { records: { backend: "sqlite", path: join(dir, db) }, counters },
    ...extra,
  };
  const gw: Gateway = createGateway({ config, env: ENV, logger: pino({ level: "silent" }) });
  const { url } = await gw.listen({ port: 0, host: "127.0.0.1", admin: false });
  return { gw, url };
}

interface Refusal {
  status: number;
  limit?: { used: number; resets_at: string };
}

async function chat(url: string, key: string): Promise<Refusal> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-4o-mini",
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  const body = (await res.json()) as { error?: { limit?: Refusal["limit"] } };
  return { status: res.status, ...(body.error?.limit ? { limit: body.error.limit } : {}) };
}

/** Sends until the budget refuses; the refusal. */
async function exhaust(url: string, key: string): Promise<Refusal> {
  for (let i = 0; i < 30; i++) {
    const r = await chat(url, key);
    if (r.status !== 200) return r;
  }
  throw new Error("the budget never refused");
}

/**
 * The monthly period holding `now` for an anchor on the 31st at 06:00 UTC, found by walking
 * month by month (a different method from the gateway's arithmetic).
 */
function monthOn31st(now: number): { start: string; end: string } {
  const at = (y: number, m: number) =>
    Date.UTC(y, m, Math.min(31, new Date(Date.UTC(y, m + 1, 0)).getUTCDate()), 6);
  let y = 2020;
  let m = 0;
  while (at(m === 11 ? y + 1 : y, (m + 1) % 12) <= now) {
    if (++m === 12) {
      m = 0;
      y++;
    }
  }
  const next = at(m === 11 ? y + 1 : y, (m + 1) % 12);
  return { start: new Date(at(y, m)).toISOString(), end: new Date(next).toISOString() };
}

function suite(name: string, counters: () => Counters): void {
  describe(`rolling budgets on ${name} counters`, () => {
    it("counts periods from an explicit anchor on the 31st: refusal, alert and restart follow it", async () => {
      const hook = await startWebhook();
      const posts = hook.posts;
      const extra = {
        keys: [
          {
            name: "rolling-31",
            key: "tg-rolling-31-000000",
            budget: {
              limit_usd: 0.05,
              period: "monthly",
              alignment: "rolling",
              anchor: "2020-01-31T06:00:00Z",
              alert_at: [0.1],
            },
          },
        ],
        limits: { alerts: { webhook_url: hook.url } },
      };
      const db = `explicit-${name}.db`;
      const a = await start(db, counters(), extra);
      const expected = monthOn31st(Date.now());
      let refused: Refusal;
      try {
        refused = await exhaust(a.url, "tg-rolling-31-000000");
        expect(refused.status).toBe(402);
        expect(refused.limit?.resets_at).toBe(expected.end);
        for (let i = 0; i < 100 && !posts.length; i++) await new Promise((r) => setTimeout(r, 20));
        expect(posts).toEqual([
          expect.objectContaining({ threshold: 0.1, period_start: expected.start, resets_at: expected.end }),
        ]);
      } finally {
        await a.gw.close(0);
      }
      // A new process: memory counters are rebuilt from the ledger since the anchored start,
      // Redis counters are still there; either way the spend and the period are the same.
      const b = await start(db, counters(), extra);
      try {
        const again = await chat(b.url, "tg-rolling-31-000000");
        expect(again.status).toBe(402);
        expect(again.limit).toEqual(
          expect.objectContaining({ used: refused.limit?.used, resets_at: expected.end }),
        );
        // The threshold was crossed in this period already: no second alert.
        await new Promise((r) => setTimeout(r, 100));
        expect(posts).toHaveLength(1);
      } finally {
        await b.gw.close(0);
        await hook.close();
      }
    });

    it("anchors a config budget without an anchor on first use, and a restart keeps it", async () => {
      const extra = {
        keys: [
          {
            name: "first-use",
            key: "tg-first-use-0000000",
            budget: { limit_usd: 0.05, period: "daily", alignment: "rolling" },
          },
        ],
      };
      const db = `first-use-${name}.db`;
      const a = await start(db, counters(), extra);
      let refused: Refusal;
      try {
        refused = await exhaust(a.url, "tg-first-use-0000000");
      } finally {
        await a.gw.close(0);
      }
      const records = await openRecordStore({ backend: "sqlite", path: join(dir, db) });
      const anchor = (await records.get(ANCHOR_KIND, "key:first-use:daily"))?.createdAt;
      await records.close();
      expect(anchor).toBeTypeOf("number");
      // A day from the first use, not from midnight UTC.
      expect(refused.limit?.resets_at).toBe(new Date((anchor ?? 0) + 86_400_000).toISOString());
      const b = await start(db, counters(), extra);
      try {
        const again = await chat(b.url, "tg-first-use-0000000");
        expect(again.status).toBe(402);
        expect(again.limit).toEqual(
          expect.objectContaining({ used: refused.limit?.used, resets_at: refused.limit?.resets_at }),
        );
      } finally {
        await b.gw.close(0);
      }
    });
  });
}

suite("memory", () => ({ backend: "memory" }));
if (redisDown) describeSkipped("rolling budgets on redis counters", "Redis", redisDown);
else suite("redis", () => ({ backend: "redis", url: REDIS_URL, prefix: PREFIX }));

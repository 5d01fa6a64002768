/**
 * "Restarting a gateway process loses no spend" (issue 11), for every pair of counter and
 * records backends: memory or Redis counters, SQLite or PostgreSQL records. A `tollgate start`
 * process spends part of a budget and is stopped (SIGTERM, as a deploy restarts it); a new
 * process then spends until the budget refuses. The refusal's `used` must be the spend of BOTH
 * processes (the ledger's sum): with memory counters it is rebuilt from the ledger, with Redis
 * the counters themselves survive.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { RecordStoreConfig } from "../../src/state/config.js";
import { openRecordStore } from "../../src/state/index.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { startCli } from "../support/cli-process.js";
import { pgDatabases } from "../support/pg-databases.js";
import { describeSkipped, REDIS_URL, runId, serviceDown } from "../support/services.js";

const pgDown = await serviceDown("PostgreSQL");
const redisDown = await serviceDown("Redis");
const pgs = pgDatabases("restart");
const PREFIX = `tollgate-test-restart-${runId()}:`;
const PRICE = { input_per_mtok: 1000, output_per_mtok: 2000 };
const KEY = "tg-restart-proof-0000000";

let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startAllEmulators();
  dir = mkdtempSync(join(tmpdir(), "tollgate-restart-"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
  if (!pgDown) await pgs.dropAll();
  if (redisDown) return;
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

async function chat(port: number): Promise<{ status: number; used?: number }> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-4o-mini",
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  const body = (await res.json()) as { error?: { limit?: { used: number } } };
  return { status: res.status, ...(body.error?.limit ? { used: body.error.limit.used } : {}) };
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await exited;
}

type Counters = { backend: "memory" } | { backend: "redis"; url: string; prefix: string };

function suite(name: string, counters: () => Counters, records: () => Promise<RecordStoreConfig>): void {
  describe(`a restart loses no spend: ${name}`, () => {
    it("the second process refuses at the spend of both", async () => {
      const storage = { records: await records(), counters: counters() };
      const file = join(dir, `${name.replace(/\W+/g, "-")}.yaml`);
      writeFileSync(
        file,
        stringify({
          server: { host: "127.0.0.1", port: 0 },
          providers: {
            openai: {
              type: "openai",
              base_url: `http://127.0.0.1:${emu.port}/v1`,
              api_key: "sk-emulated-openai",
            },
          },
          models: [{ name: "gpt-4o-mini", targets: [{ provider: "openai", model: "gpt-4o-mini" }] }],
          keys: [{ name: "restart-proof", key: KEY, budget: { limit_usd: 0.05, period: "monthly" } }],
          admin: { enabled: false },
          logging: { level: "info" },
          observability: { pricing: { "gpt-4o-mini": PRICE } },
          storage,
        }),
      );
      const a = await startCli(file, {});
      let before = 0;
      try {
        for (let i = 0; i < 3; i++) if ((await chat(a.port)).status === 200) before++;
      } finally {
        await stop(a.proc);
      }
      expect(before).toBe(3);
      const b = await startCli(file, {});
      let after = 0;
      let refused: { status: number; used?: number } | undefined;
      try {
        for (let i = 0; i < 40 && !refused; i++) {
          const r = await chat(b.port);
          if (r.status === 200) after++;
          else refused = r;
        }
      } finally {
        await stop(b.proc);
      }
      expect(refused?.status).toBe(402);
      expect(after).toBeGreaterThan(0);
      // The ledger holds every admitted request of both processes, and the refusal counted them all.
      const store = await openRecordStore(storage.records);
      try {
        const [sum] = await store.sum({ from: 0, to: Date.now() + 1, where: { key: "restart-proof" } });
        expect(sum?.requests).toBe(before + after);
        expect(refused?.used).toBeCloseTo(sum?.cost_usd ?? -1, 6);
        expect(refused?.used).toBeLessThanOrEqual(0.05);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}

const sqlite = (tag: string) => async (): Promise<RecordStoreConfig> => ({
  backend: "sqlite",
  path: join(dir, `${tag}.db`),
});
const postgres = async (): Promise<RecordStoreConfig> => ({
  backend: "postgres",
  url: await pgs.create(),
  pool_max: 4,
});
const memory = (): Counters => ({ backend: "memory" });
const redis = (tag: string) => (): Counters => ({
  backend: "redis",
  url: REDIS_URL,
  prefix: `${PREFIX}${tag}:`,
});

suite("memory counters, SQLite records", memory, sqlite("memory"));
if (pgDown)
  describeSkipped("a restart loses no spend: memory counters, PostgreSQL records", "PostgreSQL", pgDown);
else suite("memory counters, PostgreSQL records", memory, postgres);
if (redisDown) describeSkipped("a restart loses no spend: Redis counters", "Redis", redisDown);
else {
  suite("Redis counters, SQLite records", redis("sqlite"), sqlite("redis"));
  if (pgDown)
    describeSkipped("a restart loses no spend: Redis counters, PostgreSQL records", "PostgreSQL", pgDown);
  else suite("Redis counters, PostgreSQL records", redis("pg"), postgres);
}

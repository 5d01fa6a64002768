/**
 * Usage records survive the process dying: `tollgate start` as a child process against the
 * emulators, concurrent load (streamed and not), SIGKILL mid-load, restart, let it replay its
 * spool, then count rows against the responses the client actually received completely.
 * Real SQLite always; real PostgreSQL (skipped with a message when unreachable, a failure
 * under CI=true).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { startCli } from "../support/cli-process.js";
import { describeSkipped, POSTGRES_URL as PG_URL, serviceDown } from "../support/services.js";
import { ENV, KEY } from "./harness.js";

/** Responses to receive before the kill; concurrency keeps many more in flight at that moment. */
const KILL_AFTER = 240;
const CONCURRENCY = 24;

let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startAllEmulators();
  dir = mkdtempSync(join(tmpdir(), "tollgate-crash-"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

function config(database: Record<string, unknown>): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2, 8)}.yaml`);
  writeFileSync(
    file,
    stringify({
      server: { host: "127.0.0.1", port: 0 },
      providers: {
        openai: {
          type: "openai",
          base_url: `http://127.0.0.1:${emu.port}/v1`,
          api_key: "{env://OPENAI_API_KEY}",
        },
      },
      models: [{ name: "gpt-4o-mini", targets: [{ provider: "openai", model: "gpt-4o-mini" }] }],
      keys: [{ name: "demo-app", key: "{env://TOLLGATE_DEMO_KEY}" }],
      admin: { enabled: false },
      logging: { level: "info" },
      // why: small, frequent batches so the kill lands while inserts are in flight.
      observability: { database: { batch_size: 20, flush_ms: 50, ...database } },
    }),
  );
  return file;
}

const exited = (proc: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve(proc.exitCode);
    else proc.once("exit", (code) => resolve(code));
  });

/** One request; resolves true only when the client received the whole response. */
async function oneRequest(agent: Agent, port: number, id: string, stream: boolean): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: "POST",
      dispatcher: agent,
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", "x-request-id": id },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        stream,
        messages: [{ role: "user", content: `hi ${id}` }],
      }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) return false;
    if (stream) return text.trimEnd().endsWith("data: [DONE]");
    return (JSON.parse(text) as { choices?: unknown[] }).choices?.length === 1;
  } catch {
    return false;
  }
}

/** Drives load until `KILL_AFTER` complete responses, SIGKILLs the gateway, returns who got one. */
async function loadAndKill(proc: ChildProcess, port: number, run: string) {
  const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const complete = new Set<string>();
  let sent = 0;
  let killed = false;
  let inFlightAtKill = 0;
  let inFlight = 0;
  const worker = async () => {
    while (!killed) {
      const id = `${run}-${sent++}`;
      inFlight++;
      const ok = await oneRequest(agent, port, id, sent % 2 === 0);
      inFlight--;
      if (ok) complete.add(id);
      if (complete.size >= KILL_AFTER && !killed) {
        killed = true;
        inFlightAtKill = inFlight;
        proc.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await exited(proc);
  await agent.close();
  return { complete, sent, inFlightAtKill };
}

interface Backend {
  database: Record<string, unknown>;
  ids(): Promise<string[]>;
}

async function crashAndCount(backend: Backend, run: string) {
  const file = config(backend.database);
  const first = await startCli(file, ENV);
  const { complete, sent, inFlightAtKill } = await loadAndKill(first.proc, first.port, run);
  const second = await startCli(file, ENV);
  second.proc.kill("SIGTERM"); // why: a graceful stop flushes the replayed records before exit
  expect(await exited(second.proc)).toBe(0);
  const ids = await backend.ids();
  const stored = new Set(ids);
  const lost = [...complete].filter((id) => !stored.has(id));
  console.info(
    `[crash-durability ${run}] sent ${sent}, complete ${complete.size}, in flight at SIGKILL ${inFlightAtKill}, ` +
      `rows ${ids.length}, lost ${lost.length}`,
  );
  return { complete, ids, lost, inFlightAtKill, logs: second.logs };
}

function crashSuite(backend: () => Backend, run: string) {
  it("keeps one record for every response a client received when SIGKILLed mid-load", async () => {
    const result = await crashAndCount(backend(), run);
    expect(result.inFlightAtKill).toBeGreaterThan(0);
    expect(result.logs.some((l) => l.includes("replaying usage records"))).toBe(true);
    expect(result.lost).toEqual([]);
    expect(result.ids.length).toBe(new Set(result.ids).size);
    expect(result.ids.filter((id) => id.startsWith(run)).length).toBe(result.ids.length);
  }, 120_000);
}

describe("SIGKILL mid-load: SQLite", () => {
  crashSuite(() => {
    const path = join(dir, "usage.db");
    return {
      database: { url: `sqlite://${path}` },
      async ids() {
        const db = new Database(path, { readonly: true });
        try {
          return (db.prepare("SELECT request_id FROM usage_records").all() as { request_id: string }[]).map(
            (r) => r.request_id,
          );
        } finally {
          db.close();
        }
      },
    };
  }, "sqlite");
});

const pgDown = await serviceDown("PostgreSQL");
if (pgDown) describeSkipped("SIGKILL mid-load: PostgreSQL", "PostgreSQL", pgDown);

describe.skipIf(pgDown !== null)("SIGKILL mid-load: PostgreSQL", () => {
  const table = `tg_crash_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: PG_URL });
  beforeAll(() => client.connect());
  afterAll(async () => {
    await client.query(`DROP TABLE IF EXISTS "${table}"`);
    await client.end();
  });
  crashSuite(
    () => ({
      database: { url: PG_URL, table, spool: join(dir, "pg.spool") },
      async ids() {
        const res = await client.query<{ request_id: string }>(`SELECT request_id FROM "${table}"`);
        return res.rows.map((r) => r.request_id);
      },
    }),
    "postgres",
  );
});

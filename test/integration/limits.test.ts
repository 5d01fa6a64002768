/**
 * The limits engine end to end, in process, against the emulators: refusals in both dialects,
 * the default output cap and its warning, x-ratelimit-* on success, fail_closed/fail_open when
 * the counter store is unreachable, and budgets that survive a restart (memory counters rebuilt
 * from the SQLite ledger).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { startWebhook } from "../support/webhook.js";
import { ENV } from "./harness.js";

const PRICE = { input_per_mtok: 1000, output_per_mtok: 2000 };
let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startAllEmulators();
  dir = mkdtempSync(join(tmpdir(), "tollgate-limits-"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

function config(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    server: { host: "127.0.0.1", port: 0 },
    providers: {
      openai: { type: "openai", base_url: `http://127.0.0.1:${emu.port}/v1`, api_key: "sk-emulated-openai" },
      claude: { type: "anthropic", base_url: `http://127.0.0.1:${emu.port}`, api_key: "sk-ant-emulated" },
    },
    models: [
      { name: "gpt-4o-mini", targets: [{ provider: "openai", model: "gpt-4o-mini" }] },
      { name: "claude-sonnet", targets: [{ provider: "claude", model: "claude-sonnet-4-5" }] },
    ],
    logging: { level: "silent" },
    observability: { pricing: { "gpt-4o-mini": PRICE, "claude-sonnet-4-5": PRICE } },
    storage: { records: { backend: "sqlite", path: join(dir, "tollgate.db") } },
    ...extra,
  };
}

async function start(extra: Record<string, unknown>): Promise<{ gw: Gateway; url: string }> {
  const gw = createGateway({ config: config(extra), env: ENV, logger: pino({ level: "silent" }) });
  const { url } = await gw.listen({ port: 0, host: "127.0.0.1", admin: false });
  return { gw, url };
}

interface Answer {
  status: number;
  headers: Headers;
  body: {
    error?: { code: string; type: string; message: string; limit?: Record<string, unknown> };
    type?: string;
  } & Record<string, unknown>;
}

async function chat(url: string, key: string, body: Record<string, unknown> = {}): Promise<Answer> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-4o-mini",
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
      ...body,
    }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

async function messages(url: string, key: string): Promise<Answer> {
  const res = await fetch(`${url}/v1/messages`, {
    method: "POST",
    headers: { "x-api-key": key, "anthropic-version": "2023-06-01", "content-type": "application/json" },
    body: JSON.stringify({
      model: "claude-sonnet",
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

describe("limits engine", () => {
  it("refuses a rate limit with 429, retry-after and an explaining body; success carries x-ratelimit-*", async () => {
    const { gw, url } = await start({
      keys: [
        {
          name: "rpm-app",
          key: "tg-rpm-app-0000000",
          limits: [{ metric: "requests", limit: 2, window: "1h" }],
        },
      ],
    });
    try {
      const first = await chat(url, "tg-rpm-app-0000000");
      expect(first.status).toBe(200);
      expect(first.headers.get("x-ratelimit-limit-requests")).toBe("2");
      expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("1");
      expect(first.headers.get("x-ratelimit-reset-requests")).toMatch(/^(\d+h)?(\d+m)?\d+m?s$/);
      expect((await chat(url, "tg-rpm-app-0000000")).status).toBe(200);
      const third = await chat(url, "tg-rpm-app-0000000");
      expect(third.status).toBe(429);
      // OpenAI's own 429 shape (type names what ran out, code `rate_limit_exceeded`, param null),
      // with the explaining fields beside it.
      expect(third.body.error).toMatchObject({ type: "requests", code: "rate_limit_exceeded", param: null });
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(third.headers.get("x-ratelimit-remaining-requests")).toBe("0");
      expect(third.body.error?.limit).toMatchObject({
        scope: "key",
        scope_id: "rpm-app",
        limit: 2,
        used: 2,
        reserved: 0,
        window: "1h",
        resets_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(third.body.error?.message).toContain("the key 'rpm-app' limit 'requests/1h'");
      // The Anthropic dialect: its own rate_limit_error, the same limit under details.
      const anthropic = await messages(url, "tg-rpm-app-0000000");
      expect(anthropic.status).toBe(429);
      expect(Number(anthropic.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(anthropic.body).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
      expect((anthropic.body.error as unknown as { details: Record<string, unknown> }).details).toMatchObject(
        {
          error_code: "rate_limit_exceeded",
          limit: { scope: "key", scope_id: "rpm-app", limit: 2, used: 2 },
        },
      );
    } finally {
      await gw.close(0);
    }
  });

  it("a failed read for the success headers leaves the request counted and settled", async () => {
    const { gw, url } = await start({
      keys: [
        {
          name: "headers-down",
          key: "tg-headers-down-0000",
          limits: [{ metric: "requests", limit: 2, window: "1h" }],
        },
      ],
    });
    try {
      const counters = await gw.storage.counters();
      const getMany = counters.getMany.bind(counters);
      counters.getMany = () => Promise.reject(new Error("the counters could not be read"));
      const first = await chat(url, "tg-headers-down-0000");
      counters.getMany = getMany;
      expect(first.status).toBe(200);
      expect(first.headers.get("x-ratelimit-limit-requests")).toBeNull();
      expect((await chat(url, "tg-headers-down-0000")).status).toBe(200);
      const third = await chat(url, "tg-headers-down-0000");
      expect(third.status).toBe(429);
      // Both admitted requests were settled: nothing is left held by the first.
      expect(third.body.error?.limit).toMatchObject({ used: 2, reserved: 0 });
    } finally {
      await gw.close(0);
    }
  });

  it("refuses an exhausted budget with 402 budget_exceeded, in the Anthropic dialect too", async () => {
    const { gw, url } = await start({
      keys: [{ name: "tiny", key: "tg-tiny-budget-00000", budget: { limit_usd: 0.000001, period: "daily" } }],
    });
    try {
      const openai = await chat(url, "tg-tiny-budget-00000");
      expect(openai.status).toBe(402);
      expect(openai.body.error).toMatchObject({ code: "budget_exceeded", type: "insufficient_quota" });
      expect(openai.body.error?.limit).toMatchObject({
        kind: "budget",
        window: "daily",
        limit: 0.000001,
        used: 0,
      });
      expect(openai.headers.get("x-ratelimit-limit-usd")).toBe("0.000001");
      const anthropic = await messages(url, "tg-tiny-budget-00000");
      expect(anthropic.status).toBe(402);
      expect(anthropic.body.type).toBe("error");
      expect(anthropic.body.error).toMatchObject({ type: "billing_error" });
      expect((anthropic.body.error as unknown as { details: Record<string, unknown> }).details).toMatchObject(
        {
          error_code: "budget_exceeded",
          limit: { kind: "budget", scope_id: "tiny" },
        },
      );
    } finally {
      await gw.close(0);
    }
  });

  it("gives an uncapped request the default output cap and says so", async () => {
    const { gw, url } = await start({
      keys: [
        {
          name: "capless",
          key: "tg-capless-000000000",
          limits: [{ metric: "total_tokens", limit: 1_000_000, window: "1m" }],
        },
      ],
      limits: { default_max_output_tokens: 3 },
    });
    try {
      const r = await chat(url, "tg-capless-000000000", { max_tokens: undefined });
      expect(r.status).toBe(200);
      expect(r.headers.get("x-tollgate-warning")).toContain("used the default of 3 tokens");
      const sent = emu.requests.at(-1)?.body as Record<string, unknown>;
      expect(sent.max_completion_tokens ?? sent.max_tokens).toBe(3);
    } finally {
      await gw.close(0);
    }
  });

  it("with Redis unreachable: budgets fail closed (503), limits fail open by default", async () => {
    const port = await closedPort();
    const { gw, url } = await start({
      storage: {
        records: { backend: "sqlite", path: join(dir, "down.db") },
        counters: {
          backend: "redis",
          url: `redis://127.0.0.1:${port}`,
          connect_timeout_ms: 200,
          command_timeout_ms: 300,
        },
      },
      keys: [
        { name: "budgeted", key: "tg-budgeted-0000000", budget: { limit_usd: 10 } },
        {
          name: "limited",
          key: "tg-limited-00000000",
          limits: [{ metric: "requests", limit: 10, window: "1m" }],
        },
      ],
    });
    try {
      const b = await chat(url, "tg-budgeted-0000000");
      expect(b.status).toBe(503);
      expect(b.body.error?.code).toBe("limits_unavailable");
      expect((await chat(url, "tg-limited-00000000")).status).toBe(200);
    } finally {
      await gw.close(0);
    }
  });

  it("a budget survives a restart: memory counters are rebuilt from the ledger", async () => {
    const storage = { records: { backend: "sqlite", path: join(dir, "restart.db") } };
    const keys = [
      { name: "survivor", key: "tg-survivor-0000000", budget: { limit_usd: 0.05, period: "monthly" } },
    ];
    const a = await start({ storage, keys });
    let before = 0;
    let refusedA: Answer | undefined;
    for (let i = 0; i < 20 && !refusedA; i++) {
      const r = await chat(a.url, "tg-survivor-0000000");
      if (r.status === 200) before++;
      else refusedA = r;
    }
    await a.gw.close(0);
    expect(before).toBeGreaterThan(0);
    expect(refusedA?.status).toBe(402);
    const spent = refusedA?.body.error?.limit?.used;
    // A new process with empty memory counters: the spend comes back from the ledger.
    const b = await start({ storage, keys });
    try {
      const r = await chat(b.url, "tg-survivor-0000000");
      expect(r.status).toBe(402);
      expect(r.body.error?.limit).toMatchObject({ used: spent });
    } finally {
      await b.gw.close(0);
    }
  });

  it("sends each budget alert once per threshold and period, and counts spend in metrics", async () => {
    const hook = await startWebhook();
    const posts = hook.posts;
    const { gw, url } = await start({
      storage: { records: { backend: "sqlite", path: join(dir, "alerts.db") } },
      keys: [
        {
          name: "alerted",
          key: "tg-alerted-00000000",
          budget: { limit_usd: 0.05, period: "daily", alert_at: [0.1, 0.2] },
        },
      ],
      limits: { alerts: { webhook_url: hook.url } },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await chat(url, "tg-alerted-00000000")).status).toBe(200);
      for (let i = 0; i < 100 && posts.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      // One more settle after both thresholds: no third post.
      expect((await chat(url, "tg-alerted-00000000")).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(posts.map((p) => p.threshold).sort()).toEqual([0.1, 0.2]);
      expect(posts[0]).toMatchObject({
        type: "budget.threshold",
        scope: "key",
        scope_id: "alerted",
        limit_usd: 0.05,
        period: "daily",
      });
      const text = await gw.observability!.metrics.registry.metrics();
      expect(text).toMatch(/tollgate_spend_usd_total\{key="alerted",team="none",tenant="none"\} 0\.0\d+/);
      expect(text).toMatch(/tollgate_budget_remaining_usd\{budget="key:alerted\/daily"\} 0\.0\d+/);
    } finally {
      await gw.close(0);
      await hook.close();
    }
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

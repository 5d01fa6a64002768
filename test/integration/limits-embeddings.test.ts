/**
 * `/v1/embeddings` under the limits engine, in process, against the OpenAI emulator with the
 * official openai SDK: the input's tokens are reserved against request and token limits and
 * budgets before the call and settled to the provider-reported prompt tokens (no output),
 * priced by the embeddings model's input price; refusals come in the OpenAI dialect.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI, { APIError } from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { ENV } from "./harness.js";

// $0.01 per input token, so a budget of cents admits a known number of tokens.
const EMBED_PRICE = { input_per_mtok: 10_000, output_per_mtok: 0 };
let emu: Emulator;
let dir: string;
let gw: Gateway;
let url: string;

const KEYS = [
  {
    name: "embed-tpm",
    key: "tg-embed-tpm-000000",
    limits: [{ metric: "prompt_tokens", limit: 40, window: "1h" }],
  },
  { name: "embed-rpm", key: "tg-embed-rpm-000000", limits: [{ metric: "requests", limit: 2, window: "1h" }] },
  {
    name: "embed-tiny",
    key: "tg-embed-tiny-00000",
    limits: [{ metric: "total_tokens", limit: 5, window: "1h" }],
  },
  { name: "embed-usd", key: "tg-embed-usd-000000", budget: { limit_usd: 0.3, period: "daily" } },
];

beforeAll(async () => {
  emu = await startAllEmulators();
  dir = mkdtempSync(join(tmpdir(), "tollgate-limits-embed-"));
  gw = createGateway({
    config: {
      server: { host: "127.0.0.1", port: 0 },
      providers: {
        openai: {
          type: "openai",
          base_url: `http://127.0.0.1:${emu.port}/v1`,
          api_key: "sk-emulated-openai",
        },
      },
      models: [
        { name: "embed-small", targets: [{ provider: "openai", model: "text-embedding-3-small" }] },
        { name: "gpt-4o-mini", targets: [{ provider: "openai", model: "gpt-4o-mini" }] },
      ],
      keys: KEYS,
      logging: { level: "silent" },
      observability: { pricing: { "text-embedding-3-small": EMBED_PRICE } },
      storage: { records: { backend: "sqlite", path: join(dir, "tollgate.db") } },
    },
    env: ENV,
    logger: pino({ level: "silent" }),
  });
  ({ url } = await gw.listen({ port: 0, host: "127.0.0.1", admin: false }));
});
afterAll(async () => {
  await gw?.close(0);
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (key: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
const TEXT = "the quick brown fox jumps over the lazy dog";

/** Embeds until refused; the prompt tokens the provider reported for each admitted call, and the refusal. */
async function untilRefused(key: string): Promise<{ tokens: number[]; refusal: APIError }> {
  const tokens: number[] = [];
  for (let i = 0; i < 50; i++) {
    try {
      const r = await client(key).embeddings.create({ model: "embed-small", input: [TEXT, TEXT] });
      tokens.push(r.usage.prompt_tokens);
    } catch (err) {
      if (err instanceof APIError) return { tokens, refusal: err };
      throw err;
    }
  }
  throw new Error("never refused");
}

type LimitBody = { code: string; type: string; message: string; limit: Record<string, unknown> };

describe("embeddings under the limits engine", () => {
  it("a prompt-token limit holds the input's tokens and settles to the reported ones; 429 in the OpenAI dialect", async () => {
    const first = await client("tg-embed-tpm-000000")
      .embeddings.create({ model: "embed-small", input: TEXT })
      .withResponse();
    expect(first.response.headers.get("x-ratelimit-limit-tokens")).toBe("40");
    expect(Number(first.response.headers.get("x-ratelimit-remaining-tokens"))).toBeLessThan(40);
    const { tokens, refusal } = await untilRefused("tg-embed-tpm-000000");
    expect(refusal.status).toBe(429);
    expect(Number(refusal.headers?.get("retry-after"))).toBeGreaterThan(0);
    const body = refusal.error as LimitBody;
    // OpenAI's own 429 shape: what ran out is the type, `rate_limit_exceeded` the code.
    expect(body).toMatchObject({ code: "rate_limit_exceeded", type: "tokens", param: null });
    // Settled use is what the provider reported (no output tokens), never above the limit.
    const used = first.data.usage.prompt_tokens + tokens.reduce((a, b) => a + b, 0);
    expect(body.limit).toMatchObject({ scope: "key", scope_id: "embed-tpm", limit: 40, used });
    expect(used).toBeLessThanOrEqual(40);
  });

  it("the hold is taken before the call: an input over the limit is refused with nothing used", async () => {
    const refused = await client("tg-embed-tiny-00000")
      .embeddings.create({ model: "embed-small", input: [TEXT, TEXT, TEXT] })
      .catch((e: unknown) => e);
    expect((refused as APIError).status).toBe(429);
    expect((refused as APIError).error).toMatchObject({
      code: "rate_limit_exceeded",
      limit: { metric: "total_tokens", limit: 5, used: 0 },
    });
  });

  it("a request limit counts embeddings and chat on the same counter", async () => {
    const c = client("tg-embed-rpm-000000");
    await c.chat.completions.create({
      model: "gpt-4o-mini",
      max_tokens: 5,
      messages: [{ role: "user", content: "hi" }],
    });
    await c.embeddings.create({ model: "embed-small", input: "one" });
    const refused = await c.embeddings
      .create({ model: "embed-small", input: "two" })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(APIError);
    expect((refused as APIError).status).toBe(429);
    expect((refused as APIError).error).toMatchObject({
      code: "rate_limit_exceeded",
      type: "requests",
      limit: { metric: "requests", limit: 2, used: 2 },
    });
    expect((refused as APIError).type).toBe("requests");
  });

  it("a budget is charged the embeddings input price; exhausted, 402 budget_exceeded", async () => {
    const { tokens, refusal } = await untilRefused("tg-embed-usd-000000");
    expect(tokens.length).toBeGreaterThan(0);
    expect(refusal.status).toBe(402);
    const body = refusal.error as LimitBody;
    expect(body).toMatchObject({ code: "budget_exceeded", type: "insufficient_quota" });
    const spent = tokens.reduce((a, b) => a + b, 0) * 0.01;
    expect(body.limit).toMatchObject({ kind: "budget", limit: 0.3 });
    expect(body.limit.used).toBeCloseTo(spent, 6);
    expect(body.limit.used as number).toBeLessThanOrEqual(0.3);
  });

  it("the usage ledger has each admitted embeddings call with its prompt tokens and no output", async () => {
    const records = await gw.storage.records();
    let rows: Awaited<ReturnType<typeof records.sum>> = [];
    for (let i = 0; i < 100; i++) {
      rows = await records.sum({
        from: 0,
        to: Date.now() + 1,
        where: { key: "embed-usd" },
        groupBy: ["model"],
      });
      if (rows[0]?.cost_usd && rows[0].cost_usd > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ group: { model: "embed-small" }, output_tokens: 0 });
    expect(rows[0]!.cost_usd).toBeCloseTo(rows[0]!.input_tokens * 0.01, 6);
  });
});

/**
 * Routing and resilience through the real server (issue 10): one emulator per target, each with
 * faults the test sets (status errors, retry-after, delays, resets before and after the headers,
 * a target that is down), driven with the official SDKs. Each test uses its own model, so the
 * breakers and balancer state of one test never leak into another.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { EMULATORS } from "../emulators/index.js";
import { type Emulator, type Fault, startEmulator } from "../emulators/server.js";

type FaultFn = (n: number) => Fault | undefined;
const NAMES = ["a", "b", "c", "slow", "flaky"] as const;
type Name = (typeof NAMES)[number];

const faults: Record<Name, FaultFn> = {
  a: () => undefined,
  b: () => undefined,
  c: () => undefined,
  slow: () => undefined,
  flaky: () => undefined,
};
const emulators = {} as Record<Name, Emulator>;
let gateway: Gateway;
let url: string;
let openai: OpenAI;

const chatsOf = (name: Name) => emulators[name].requests.filter((r) => r.op === "chat").length;

beforeAll(async () => {
  for (const name of NAMES)
    emulators[name] = await startEmulator(EMULATORS, { faults: (n) => faults[name](n) });
  const at = (name: Name) => `${emulators[name].url}/v1`;
  const key = "sk-emulated-openai";
  const t = (provider: string, extra: Record<string, unknown> = {}) => ({
    provider,
    model: "gpt-4o-mini",
    ...extra,
  });
  gateway = createGateway({
    config: {
      auth: { mode: "none" },
      logging: { level: "silent" },
      providers: {
        a: { type: "openai", base_url: at("a"), api_key: key },
        b: { type: "openai", base_url: at("b"), api_key: key },
        c: { type: "openai", base_url: at("c"), api_key: key },
        slow: { type: "openai", base_url: at("slow"), api_key: key },
        flaky: { type: "openai", base_url: at("flaky"), api_key: key },
        claude_b: { type: "anthropic", base_url: emulators.b.url, api_key: "sk-ant-emulated" },
        down: { type: "openai", base_url: "http://127.0.0.1:9/v1", api_key: "sk-down" },
      },
      models: [
        {
          name: "weighted",
          balancer: { algorithm: "round-robin" },
          targets: [t("a", { weight: 3 }), t("c", { weight: 1 })],
        },
        {
          name: "tiers",
          targets: [t("a", { priority: 1 }), t("b", { priority: 1 }), t("c", { priority: 2 })],
          balancer: { algorithm: "round-robin" },
        },
        { name: "retry-same", retries: { attempts: 2, backoff_ms: 1 }, targets: [t("flaky")] },
        { name: "retry-after", retries: { attempts: 1 }, targets: [t("flaky"), t("c")] },
        {
          name: "cross",
          retries: { attempts: 0 },
          targets: [t("a"), { provider: "claude_b", model: "claude-haiku-4-5" }],
        },
        { name: "to-down", targets: [t("down"), t("c")] },
        {
          name: "timeout",
          timeouts: { first_byte_ms: 150 },
          retries: { attempts: 0 },
          targets: [t("slow"), t("c")],
        },
        {
          name: "deadline",
          timeouts: { total_ms: 200 },
          retries: { attempts: 0 },
          targets: [t("slow"), t("slow")],
        },
        { name: "all-fail", retries: { attempts: 0 }, targets: [t("a"), t("b")] },
        {
          name: "breaker",
          retries: { attempts: 0 },
          breaker: { max_fails: 2, window_ms: 60_000, cooldown_ms: 300 },
          targets: [t("flaky")],
        },
        {
          name: "no-fallback-on-429",
          fallback_on: ["5xx"],
          retries: { attempts: 0 },
          targets: [t("a"), t("c")],
        },
        {
          name: "fastest",
          balancer: { algorithm: "lowest-latency", latency_strategy: "e2e", explore: 0 },
          retries: { attempts: 0 },
          targets: [t("slow"), t("c")],
        },
        {
          name: "least-busy",
          balancer: { algorithm: "least-inflight" },
          targets: [t("a", { weight: 3 }), t("slow")],
        },
        {
          name: "least-used",
          balancer: { algorithm: "lowest-usage", usage_strategy: "total_tokens" },
          targets: [t("a"), t("c")],
        },
        {
          name: "sticky",
          balancer: { algorithm: "consistent-hash", hash_on: "prefix" },
          targets: [t("a"), t("b"), t("c")],
        },
        {
          name: "topical",
          balancer: {
            algorithm: "semantic",
            embedder: { type: "local" },
            threshold: 0.2,
            catch_all: "c/gpt-4o-mini",
          },
          targets: [
            t("a", { description: "programming, source code, software bugs and compilers" }),
            t("b", { description: "cooking, recipes, baking bread and kitchen techniques" }),
            t("c", { description: "anything else" }),
          ],
        },
        {
          name: "capped",
          targets: [t("c", { max_tokens: 5, params: { temperature: 0.1 } })],
          aliases: ["capped-alias"],
        },
      ],
    },
    logger: pino({ level: "silent" }),
  });
  ({ url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false }));
  openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "any-key-1234", maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close(0);
  for (const e of Object.values(emulators)) await e.close();
});

const reset = () => {
  for (const n of NAMES) faults[n] = () => undefined;
};

async function ask(model: string, stream = false) {
  if (stream) {
    const { data, response } = await openai.chat.completions
      .create({ model, stream: true, messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    let text = "";
    for await (const c of data) text += c.choices[0]?.delta?.content ?? "";
    return { text, headers: response.headers };
  }
  const { data, response } = await openai.chat.completions
    .create({ model, messages: [{ role: "user", content: "hi" }] })
    .withResponse();
  return { text: data.choices[0]?.message.content ?? "", headers: response.headers };
}

describe("balancing", () => {
  it("round-robin splits 3:1 by weight, and says which target served", async () => {
    reset();
    const served: string[] = [];
    for (let i = 0; i < 40; i++) served.push((await ask("weighted")).headers.get("x-tollgate-target")!);
    expect(served.filter((s) => s === "a/gpt-4o-mini")).toHaveLength(30);
    expect(served.filter((s) => s === "c/gpt-4o-mini")).toHaveLength(10);
  });

  it("priority spills over to the next tier only when the first tier fails", async () => {
    reset();
    const before = chatsOf("c");
    for (let i = 0; i < 6; i++)
      expect((await ask("tiers")).headers.get("x-tollgate-target")).not.toBe("c/gpt-4o-mini");
    expect(chatsOf("c")).toBe(before);
    faults.a = () => ({ error: "server" });
    faults.b = () => ({ error: "overloaded" });
    const r = await ask("tiers");
    expect(r.headers.get("x-tollgate-target")).toBe("c/gpt-4o-mini");
    expect(Number(r.headers.get("x-tollgate-attempts"))).toBeGreaterThanOrEqual(3);
    reset();
  });
});

describe("balancers that learn or hash", () => {
  it("lowest-latency moves traffic away from a slow target", async () => {
    reset();
    faults.slow = () => ({ delayMs: 60 });
    const served: string[] = [];
    for (let i = 0; i < 20; i++) served.push((await ask("fastest")).headers.get("x-tollgate-target")!);
    // Both are measured once (unmeasured targets go first); after that the fast one wins.
    expect(served.slice(4).every((s) => s === "c/gpt-4o-mini")).toBe(true);
    expect(served.filter((s) => s === "slow/gpt-4o-mini").length).toBeLessThanOrEqual(2);
    reset();
  });

  it("least-inflight splits concurrent requests by in-flight count per weight", async () => {
    reset();
    faults.slow = () => ({ delayMs: 150 });
    faults.a = () => ({ delayMs: 150 });
    const served = await Promise.all(
      Array.from({ length: 8 }, () => ask("least-busy").then((r) => r.headers.get("x-tollgate-target"))),
    );
    expect(served.filter((s) => s === "a/gpt-4o-mini")).toHaveLength(6);
    expect(served.filter((s) => s === "slow/gpt-4o-mini")).toHaveLength(2);
    reset();
  });

  it("lowest-usage sends each request to the target that spent the fewest tokens in the window", async () => {
    reset();
    const served: string[] = [];
    for (let i = 0; i < 12; i++) served.push((await ask("least-used")).headers.get("x-tollgate-target")!);
    // Every answer costs the same, so the two targets take turns.
    expect(served.filter((s) => s === "a/gpt-4o-mini")).toHaveLength(6);
    for (let i = 1; i < served.length; i++) expect(served[i]).not.toBe(served[i - 1]);
  });

  it("consistent-hash keeps a prompt prefix on one target, and spreads different prefixes", async () => {
    reset();
    const withSystem = async (system: string) => {
      const { response } = await openai.chat.completions
        .create({
          model: "sticky",
          messages: [
            { role: "system", content: system },
            { role: "user", content: "hi" },
          ],
        })
        .withResponse();
      return response.headers.get("x-tollgate-target")!;
    };
    const first = await withSystem("You are the billing assistant.");
    for (let i = 0; i < 8; i++) expect(await withSystem("You are the billing assistant.")).toBe(first);
    const spread = new Set<string>();
    for (let i = 0; i < 24; i++) spread.add(await withSystem(`You are assistant number ${i}.`));
    expect(spread.size).toBeGreaterThan(1);
  });

  it("semantic sends a prompt to the target whose description is closest (local encoder, no network)", async () => {
    reset();
    const to = async (content: string) => {
      const { response } = await openai.chat.completions
        .create({ model: "topical", messages: [{ role: "user", content }] })
        .withResponse();
      return response.headers.get("x-tollgate-target");
    };
    expect(await to("How long should I knead dough when baking bread?")).toBe("b/gpt-4o-mini");
    expect(await to("My TypeScript compiler reports a type error in this function")).toBe("a/gpt-4o-mini");
  }, 60_000);
});

describe("retries and fallback", () => {
  it("retries a one-off 500 on the same target", async () => {
    reset();
    faults.flaky = (n) => (n % 2 === 1 ? { error: "server" } : undefined);
    const r = await ask("retry-same");
    expect(r.headers.get("x-tollgate-attempts")).toBe("2");
    expect(r.headers.get("x-tollgate-target")).toBe("flaky/gpt-4o-mini");
    reset();
  });

  it("honours retry-after-ms on a 429, and moves on when retry-after is longer than it waits", async () => {
    reset();
    let seen = 0;
    faults.flaky = () => (seen++ === 0 ? { error: "rate_limit", retryAfterMs: 20 } : undefined);
    const short = await ask("retry-after");
    expect(short.headers.get("x-tollgate-target")).toBe("flaky/gpt-4o-mini");
    expect(short.headers.get("x-tollgate-attempts")).toBe("2");
    faults.flaky = () => ({ error: "rate_limit" }); // retry-after: 7 (s), above max_retry_after_ms
    const long = await ask("retry-after");
    expect(long.headers.get("x-tollgate-target")).toBe("c/gpt-4o-mini");
    expect(long.headers.get("x-tollgate-attempts")).toBe("2");
    reset();
  });

  it("falls back across providers, translating the request (stream and not)", async () => {
    reset();
    faults.a = () => ({ error: "server" });
    for (const stream of [false, true]) {
      const r = await ask("cross", stream);
      expect(r.headers.get("x-tollgate-provider")).toBe("claude_b");
      expect(r.text.length).toBeGreaterThan(0);
    }
    reset();
  });

  it("falls back from a target that is down, and from one that resets before its headers", async () => {
    reset();
    expect((await ask("to-down")).headers.get("x-tollgate-target")).toBe("c/gpt-4o-mini");
    faults.a = () => ({ reset: "before-headers" });
    expect((await ask("cross")).headers.get("x-tollgate-provider")).toBe("claude_b");
    reset();
  });

  it("a stream cut after the headers but before the first event falls back transparently", async () => {
    reset();
    faults.a = () => ({ reset: "after-headers" });
    const r = await ask("cross", true);
    expect(r.headers.get("x-tollgate-provider")).toBe("claude_b");
    expect(r.text.length).toBeGreaterThan(0);
    reset();
  });

  it("falls back when a target does not answer within first_byte_ms", async () => {
    reset();
    faults.slow = () => ({ delayMs: 1_000 });
    const r = await ask("timeout");
    expect(r.headers.get("x-tollgate-target")).toBe("c/gpt-4o-mini");
    reset();
  });

  it("stops at the model's total deadline with a 504 in the client's dialect", async () => {
    reset();
    faults.slow = () => ({ delayMs: 1_000 });
    const err = await ask("deadline").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    reset();
  });

  it("gives the last error, in the client's dialect, when every target fails", async () => {
    reset();
    faults.a = () => ({ error: "server" });
    faults.b = () => ({ error: "overloaded" });
    const anthropic = new Anthropic({ baseURL: url, apiKey: "any-key-1234", maxRetries: 0 });
    const err = await anthropic.messages
      .create({ model: "all-fail", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    const e = err as InstanceType<typeof Anthropic.APIError>;
    expect(e.status).toBe(503);
    expect(e.headers?.get("x-tollgate-attempts")).toBe("2");
    expect((e.error as { type: string }).type).toBe("error");
    reset();
  });

  it("fallback_on decides: a 429 is final when the model falls back only on 5xx", async () => {
    reset();
    faults.a = () => ({ error: "rate_limit" });
    const err = await ask("no-fallback-on-429").catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    reset();
  });
});

describe("circuit breaker", () => {
  it("opens after max_fails, answers 503 no_healthy_target without calling the target, and recovers", async () => {
    reset();
    faults.flaky = () => ({ error: "server" });
    for (let i = 0; i < 2; i++) await ask("breaker").catch(() => undefined);
    const calls = chatsOf("flaky");
    const err = await ask("breaker").catch((e: unknown) => e);
    const e = err as InstanceType<typeof OpenAI.APIError>;
    expect(e.status).toBe(503);
    expect(e.code).toBe("no_healthy_target");
    expect(e.message).toMatch(/flaky\/gpt-4o-mini \(circuit open/);
    expect(chatsOf("flaky")).toBe(calls);
    faults.flaky = () => undefined;
    // After the cooldown one probe goes through; its success closes the breaker.
    let ok = false;
    for (let i = 0; i < 100 && !ok; i++) {
      await new Promise((r) => setTimeout(r, 20));
      ok = await ask("breaker").then(
        () => true,
        () => false,
      );
    }
    expect(ok).toBe(true);
    expect(chatsOf("flaky")).toBe(calls + 1);
    expect((await ask("breaker")).headers.get("x-tollgate-target")).toBe("flaky/gpt-4o-mini");
  });
});

describe("per-target overrides and aliases", () => {
  it("caps max_tokens and sets params for the target; an alias reaches the model", async () => {
    reset();
    const before = emulators.c.requests.length;
    await openai.chat.completions.create({
      model: "capped-alias",
      max_tokens: 500,
      temperature: 0.9,
      messages: [{ role: "user", content: "hi" }],
    });
    const body = emulators.c.requests[before]!.body as Record<string, unknown>;
    expect(body.max_completion_tokens ?? body.max_tokens).toBe(5);
    expect(body.temperature).toBe(0.1);
  });
});

/**
 * The request engine through the real server and the official SDK: plugin verdicts, rewrites on
 * the passthrough path, guarded stream hooks, per-attempt upstream copies, resolution after
 * rewrite, and the log phase's priced record. Each case pins a defect the first engine had.
 */
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ChatResponse } from "../../src/canonical/chat.js";
import type { UsageRecord } from "../../src/observability/record.js";
import type { RequestContext } from "../../src/pipeline/context.js";
import type { Plugin, PluginDefinition } from "../../src/pipeline/plugin.js";
import { type Harness, KEY, startHarness } from "./harness.js";

/** What the test's plugins do is switched per test through this object. */
const behave: {
  answer?: boolean;
  redact?: boolean;
  alias?: boolean;
  streamThrows?: "open" | "closed";
  perTarget?: boolean;
} = {};
const logged: Array<{ ctx: RequestContext; record: UsageRecord }> = [];

const canned: ChatResponse = {
  id: "cached-1",
  model: "cache",
  created: 1,
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: [{ type: "text", text: "from cache" }] },
      finish_reason: "stop",
    },
  ],
  usage: { input_tokens: 0, output_tokens: 0 },
};

function testPlugin(
  name: string,
  failMode: "open" | "closed",
  make: () => Partial<Plugin>,
): PluginDefinition {
  return {
    name,
    configSchema: z.object({}).strict(),
    create: () => ({ name, priority: 100, failMode, ...make() }),
  };
}

const plugins: PluginDefinition[] = [
  testPlugin("answerer", "closed", () => ({
    access: () => (behave.answer ? { answer: canned } : undefined),
  })),
  testPlugin("redactor", "closed", () => ({
    rewrite: (_ctx, req) => {
      if (behave.alias && req.model === "alias") return { request: { ...req, model: "gpt-4o-mini" } };
      if (!behave.redact) return undefined;
      const messages = req.messages.map((m) =>
        m.role === "user" ? { ...m, content: [{ type: "text" as const, text: "[REDACTED]" }] } : m,
      );
      return { request: { ...req, messages } };
    },
  })),
  testPlugin("per-target", "closed", () => ({
    upstream: (_ctx, req, target) =>
      behave.perTarget && target.provider.name === "dead" ? { ...req, max_tokens: 7 } : undefined,
  })),
  testPlugin("logger", "open", () => ({
    log: (ctx, record) => void logged.push({ ctx, record }),
  })),
];
const streamers: PluginDefinition[] = (["open", "closed"] as const).map((mode) =>
  testPlugin(`stream-${mode}`, mode, () => ({
    async *stream(_ctx, chunks) {
      let n = 0;
      for await (const c of chunks) {
        if (behave.streamThrows === mode && ++n === 3) throw new Error("plugin bug");
        yield c;
      }
    },
  })),
);

let h: Harness;
let openai: OpenAI;
beforeAll(async () => {
  h = await startHarness(
    { plugins: [{ name: "answerer" }, { name: "redactor" }, { name: "per-target" }, { name: "logger" }] },
    {
      plugins: [...plugins, ...streamers],
      add: {
        // A provider nobody listens on: its attempt fails before the first byte and falls back.
        providers: { dead: { type: "openai", base_url: "http://127.0.0.1:9/v1", api_key: "sk-dead" } },
        models: [
          {
            name: "fallback",
            // No retry of the dead target: this is about the fallback attempt's own request.
            retries: { attempts: 0 },
            targets: [
              { provider: "dead", model: "gpt-4o-mini" },
              { provider: "openai", model: "gpt-4o-mini" },
            ],
          },
          {
            name: "stream-open",
            targets: [{ provider: "openai", model: "gpt-4o-mini" }],
            plugins: [{ name: "stream-open" }],
          },
          {
            name: "stream-closed",
            targets: [{ provider: "openai", model: "gpt-4o-mini" }],
            plugins: [{ name: "stream-closed" }],
          },
        ],
      },
    },
  );
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => h?.close());
afterEach(() => {
  for (const k of Object.keys(behave)) delete behave[k as keyof typeof behave];
});

const ask = (content: string, model = "gpt-4o-mini") =>
  openai.chat.completions.create({ model, messages: [{ role: "user", content }] });

describe("access and rewrite verdicts", () => {
  it("an access answer is served without calling a provider", async () => {
    behave.answer = true;
    const before = h.emulator.requests.length;
    const r = await ask("anything");
    expect(r.choices[0]!.message.content).toBe("from cache");
    expect(h.emulator.requests.length).toBe(before);
  });

  it("an access answer is also served as a stream", async () => {
    behave.answer = true;
    const before = h.emulator.requests.length;
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: "anything" }],
    });
    let text = "";
    for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
    expect(text).toBe("from cache");
    expect(h.emulator.requests.length).toBe(before);
  });

  it("a rewrite reaches the provider on the same-dialect passthrough path (OpenAI → OpenAI)", async () => {
    behave.redact = true;
    await ask("my card is 4111 1111 1111 1111 [[scenario:echo]]");
    const sent = JSON.stringify(h.emulator.requests.at(-1)!.body);
    expect(sent).toContain("[REDACTED]");
    expect(sent).not.toContain("4111");
  });

  it("without a rewrite the OpenAI → OpenAI request still takes the passthrough", async () => {
    await ask("plain");
    const last = logged.at(-1)!;
    await expect.poll(() => logged.length).toBeGreaterThan(0);
    expect(last.ctx.passthrough).toBe(true);
  });

  it("the model is resolved after rewrite, so a rewrite can route", async () => {
    behave.alias = true;
    const r = await ask("hi", "alias");
    expect(r.choices[0]!.message.content).toBeTruthy();
  });
});

describe("log phase", () => {
  it("log hooks get the finished, priced record", async () => {
    logged.length = 0;
    const r = await openai.chat.completions
      .create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "price me" }],
      })
      .withResponse();
    const id = r.response.headers.get("x-request-id");
    await expect.poll(() => logged.find((l) => l.record.request_id === id)).toBeTruthy();
    const { record } = logged.find((l) => l.record.request_id === id)!;
    expect(record.status).toBe(200);
    expect(record.key).toBe("demo-app");
    expect(record.cost_usd).toBeGreaterThan(0);
    expect(record.input_tokens).toBeGreaterThan(0);
  });
});

describe("per attempt", () => {
  it("an upstream change for one target does not leak into the fallback attempt", async () => {
    behave.perTarget = true;
    logged.length = 0;
    const r = await ask("fall over [[scenario:echo]]", "fallback");
    expect(r.choices[0]!.message.content).toBe("fall over");
    const sent = h.emulator.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.max_tokens ?? sent.max_completion_tokens).toBeUndefined();
    await expect.poll(() => logged.length).toBeGreaterThan(0);
    expect(logged.at(-1)!.record).toMatchObject({ attempts: 2, fallback_used: true });
  });
});

describe("stream hooks are guarded", () => {
  const streamText = async (model: string) => {
    const stream = await openai.chat.completions.create({
      model,
      stream: true,
      messages: [{ role: "user", content: "[[scenario:chunks-16]]" }],
    });
    let text = "";
    for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
    return text;
  };

  it("a fail-closed plugin that throws ends the stream with the dialect's error event", async () => {
    behave.streamThrows = "closed";
    const err = await streamText("stream-closed").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toMatch(/stream-closed/);
  });

  it("a fail-open plugin that throws is skipped and the stream goes on", async () => {
    behave.streamThrows = "open";
    const text = await streamText("stream-open");
    // The chunk the plugin had taken when it threw is lost (documented); the rest arrives.
    expect(text).toMatch(/tok15 $/);
    expect(text.length).toBeGreaterThan(20);
  });

  it("the same plugins pass a stream untouched when they do not throw", async () => {
    expect(await streamText("stream-closed")).toBe(Array.from({ length: 16 }, (_, i) => `tok${i} `).join(""));
  });
});

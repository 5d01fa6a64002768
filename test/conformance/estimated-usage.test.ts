/**
 * Usage where the provider gives none: an OpenAI-compatible server that reports no usage
 * (`[[scenario:no-usage]]`), and clients that go away mid-stream. The request's usage must be
 * estimated (`source: "estimated"`) with the counts gpt-tokenizer gives for the model's encoding,
 * on the passthrough path (OpenAI client) and the translated path (Anthropic client).
 */
import Anthropic from "@anthropic-ai/sdk";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import type { RequestContext } from "../../src/pipeline/context.js";
import { REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE } from "../../src/usage/estimate.js";
import { warmTokenizers } from "../../src/usage/index.js";
import { type Emulator, startLocalEmulators } from "../emulators/index.js";
import { DEFAULT_ANSWER } from "../emulators/plan.js";

const KEY = "tg-usage-key-0123456789";
const ended = new Map<string, RequestContext>();
const waiting = new Map<string, (ctx: RequestContext) => void>();
let emulator: Emulator;
let gateway: Gateway;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  await warmTokenizers();
  emulator = await startLocalEmulators();
  gateway = createGateway({
    config: {
      server: { host: "127.0.0.1", port: 0 },
      providers: { local: { type: "openai-compatible", base_url: `${emulator.url}/v1` } },
      // A server that serves an OpenAI-family model (e.g. OpenRouter), so o200k_base applies.
      models: [{ name: "gpt", targets: [{ provider: "local", model: "gpt-4o-mini" }] }],
      keys: [{ name: "usage", key: KEY }],
      logging: { level: "silent" },
    },
    env: {},
    logger: pino({ level: "silent" }),
    onRequestEnd: (ctx) => {
      ended.set(ctx.id, ctx);
      waiting.get(ctx.id)?.(ctx);
    },
  });
  const { port } = (await gateway.listen({ port: 0, host: "127.0.0.1", admin: false })).address;
  openai = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: KEY, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close(0);
  await emulator?.close();
});

/** The context of request `id`, once its log phase ran. */
function finished(id: string): Promise<RequestContext> {
  const ctx = ended.get(id);
  if (ctx) return Promise.resolve(ctx);
  return new Promise((resolve) => waiting.set(id, resolve));
}

/** Input estimate of one user message, counted with gpt-tokenizer directly. */
const inputOf = (text: string) => REPLY_PRIMING_TOKENS + TOKENS_PER_MESSAGE + countTokens(text);

let n = 0;
const requestId = () => `usage-${++n}-${Date.now()}`;
const PROMPT = "[[scenario:no-usage]] Say hello to the estimator, please.";

describe("usage estimated when the provider reports none", () => {
  it("passthrough JSON (OpenAI client → OpenAI-compatible)", async () => {
    const id = requestId();
    const res = await openai.chat.completions.create(
      { model: "gpt", messages: [{ role: "user", content: PROMPT }] },
      { headers: { "x-request-id": id } },
    );
    expect(res.usage).toBeUndefined();
    const ctx = await finished(id);
    expect(ctx.passthrough).toBe(true);
    expect(ctx.usage).toEqual({
      input_tokens: inputOf(PROMPT),
      output_tokens: countTokens(DEFAULT_ANSWER),
      source: "estimated",
    });
  });

  it("passthrough stream (OpenAI client → OpenAI-compatible)", async () => {
    const id = requestId();
    const stream = await openai.chat.completions.create(
      { model: "gpt", stream: true, messages: [{ role: "user", content: PROMPT }] },
      { headers: { "x-request-id": id } },
    );
    let text = "";
    for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
    expect(text).toBe(DEFAULT_ANSWER);
    const ctx = await finished(id);
    expect(ctx.usage).toEqual({
      input_tokens: inputOf(PROMPT),
      output_tokens: countTokens(DEFAULT_ANSWER),
      source: "estimated",
    });
  });

  it("translated stream (Anthropic client → OpenAI-compatible), and the client sees the estimate", async () => {
    const id = requestId();
    const msg = await anthropic.messages
      .stream(
        { model: "gpt", max_tokens: 100, messages: [{ role: "user", content: PROMPT }] },
        { headers: { "x-request-id": id } },
      )
      .finalMessage();
    const ctx = await finished(id);
    expect(ctx.passthrough).toBe(false);
    expect(ctx.usage).toEqual({
      input_tokens: inputOf(PROMPT),
      output_tokens: countTokens(DEFAULT_ANSWER),
      source: "estimated",
    });
    expect(msg.usage.output_tokens).toBe(countTokens(DEFAULT_ANSWER));
  });
});

describe("a client that cancels mid-stream is charged for what was generated", () => {
  const SLOW = "[[scenario:slow-stream]] Say hello slowly.";
  const full = countTokens(DEFAULT_ANSWER);

  it("passthrough (OpenAI client)", async () => {
    const id = requestId();
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      { model: "gpt", stream: true, messages: [{ role: "user", content: SLOW }] },
      { headers: { "x-request-id": id }, signal: controller.signal },
    );
    for await (const c of stream) {
      if (c.choices[0]?.delta.content) {
        controller.abort();
        break;
      }
    }
    const ctx = await finished(id);
    expect(ctx.usage?.source).toBe("estimated");
    expect(ctx.usage?.input_tokens).toBe(inputOf(SLOW));
    expect(ctx.usage?.output_tokens).toBeGreaterThan(0);
    expect(ctx.usage?.output_tokens).toBeLessThan(full);
  });

  it("translated (Anthropic client)", async () => {
    const id = requestId();
    const controller = new AbortController();
    const stream = await anthropic.messages.create(
      { model: "gpt", max_tokens: 100, stream: true, messages: [{ role: "user", content: SLOW }] },
      { headers: { "x-request-id": id }, signal: controller.signal },
    );
    for await (const ev of stream) {
      if (ev.type === "content_block_delta") {
        controller.abort();
        break;
      }
    }
    const ctx = await finished(id);
    expect(ctx.usage?.source).toBe("estimated");
    expect(ctx.usage?.input_tokens).toBe(inputOf(SLOW));
    expect(ctx.usage?.output_tokens).toBeGreaterThan(0);
    expect(ctx.usage?.output_tokens).toBeLessThan(full);
  });
});

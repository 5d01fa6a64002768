/**
 * `POST /v1/completions` (legacy) through the official `openai` SDK's `completions.create`:
 * passed through to upstreams that serve it (a vLLM-style server, OpenAI's completion models),
 * translated to chat for the rest, streamed and not, always in the `text_completion` shape.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ANSWER } from "../emulators/plan.js";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness(
    {},
    {
      add: {
        models: [{ name: "instruct", targets: [{ provider: "openai", model: "gpt-3.5-turbo-instruct" }] }],
      },
    },
  );
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => h?.close());

/** Where each alias's request went upstream: passthrough to /v1/completions or translated. */
const CASES = [
  ["llama", "/v1/completions"],
  ["instruct", "/v1/completions"],
  ["gpt-4o-mini", "/v1/chat/completions"],
  ["claude-sonnet", "/v1/messages"],
  ["azure-gpt", "/openai/deployments/gpt4o-prod/chat/completions"],
] as const;

/** Counts of both emulators' recorded requests, to find the one a call made. */
const recorded = () => [h.emulator.requests.length, h.local.requests.length] as const;
function upstreamPath([main, local]: readonly [number, number]): string {
  const fresh = [...h.emulator.requests.slice(main), ...h.local.requests.slice(local)];
  expect(fresh).toHaveLength(1);
  return fresh[0]!.path.split("?")[0]!;
}

describe.each(CASES)("completions.create → %s", (model, path) => {
  it("answers in the text_completion shape", async () => {
    const before = recorded();
    const res = await client.completions.create({ model, prompt: "Say hello", max_tokens: 50 });
    expect(res.object).toBe("text_completion");
    expect(res.id).toMatch(/^cmpl-/);
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0]).toMatchObject({
      text: DEFAULT_ANSWER,
      index: 0,
      logprobs: null,
      finish_reason: "stop",
    });
    expect(res.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage?.completion_tokens).toBeGreaterThan(0);
    expect(upstreamPath(before)).toBe(path);
  });

  it("streams legacy chunks, with usage when asked", async () => {
    const before = recorded();
    const stream = await client.completions.create({
      model,
      prompt: "Say hello",
      max_tokens: 50,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("text_completion");
      for (const c of chunk.choices) {
        expect(c.logprobs).toBeNull();
        text += c.text;
        finish = c.finish_reason ?? finish;
      }
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(DEFAULT_ANSWER);
    expect(finish).toBe("stop");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(upstreamPath(before)).toBe(path);
  });
});

describe("completions, translated", () => {
  it("the prompt is the one user message, and the legacy default of 16 tokens applies", async () => {
    await client.completions.create({ model: "gpt-4o-mini", prompt: "Write a haiku" });
    const sent = h.emulator.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.messages).toEqual([{ role: "user", content: "Write a haiku" }]);
    expect(sent.max_completion_tokens ?? sent.max_tokens).toBe(16);
  });

  it("refuses what it cannot translate, as OpenAI errors", async () => {
    const echo = await client.completions
      .create({ model: "claude-sonnet", prompt: "x", echo: true })
      .catch((e: unknown) => e);
    expect(echo).toBeInstanceOf(OpenAI.BadRequestError);
    expect((echo as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("echo");
    const many = await client.completions
      .create({ model: "claude-sonnet", prompt: ["a", "b"] })
      .catch((e: unknown) => e);
    expect(many).toBeInstanceOf(OpenAI.BadRequestError);
    const none = await client.completions
      .create({ model: "claude-sonnet" } as never)
      .catch((e: unknown) => e);
    expect((none as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("prompt");
  });
});

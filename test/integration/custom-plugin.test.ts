/**
 * The worked example of docs/plugins.md: a custom plugin passed to `createGateway` in code,
 * configured under `plugins:` like a built-in one, used through the official SDKs.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wordGuard } from "../../examples/plugins/word-guard.js";
import { createGateway } from "../../src/index.js";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    { plugins: [{ name: "word-guard", config: { words: ["project-x", "payroll"] } }] },
    { plugins: [wordGuard] },
  );
});
afterAll(() => h?.close());

describe("a custom plugin from code", () => {
  it("refuses in the OpenAI dialect with its own code, before any provider is called", async () => {
    const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const before = h.emulator.requests.length;
    const err = await openai.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Summarise the Payroll file" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("content_blocked");
    expect(h.emulator.requests.length).toBe(before);
  });

  it("refuses in the Anthropic dialect too, and lets clean requests through", async () => {
    const anthropic = new Anthropic({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
    const err = await anthropic.messages
      .create({
        model: "claude-sonnet",
        max_tokens: 50,
        messages: [{ role: "user", content: "about project-x" }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const ok = await anthropic.messages.create({
      model: "claude-sonnet",
      max_tokens: 50,
      messages: [{ role: "user", content: "about the weather" }],
    });
    expect(ok.content[0]?.type).toBe("text");
  });

  it("its config is validated by its own schema when the gateway is created", () => {
    expect(() =>
      createGateway({
        config: { plugins: [{ name: "word-guard", config: { words: [] } }] },
        plugins: [wordGuard],
        env: {},
      }),
    ).toThrow(/plugins\[word-guard\]\.config\.words/);
  });
});

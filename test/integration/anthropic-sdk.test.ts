/**
 * The official `@anthropic-ai/sdk` against the real gateway's `/v1/messages`, served by every
 * provider of the reference config (OpenAI, Anthropic, Azure, OpenAI-compatible).
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ANSWER } from "../emulators/plan.js";
import { type Harness, KEY, startHarness } from "./harness.js";

const ALIASES = ["claude-sonnet", "gpt-4o-mini", "azure-gpt", "llama"];
const TOOLS: Anthropic.Tool[] = [
  {
    name: "get_weather",
    description: "Weather for a city",
    input_schema: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  },
];

let h: Harness;
let client: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  client = new Anthropic({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => h?.close());

describe.each(ALIASES)("anthropic SDK → %s", (model) => {
  it("creates a message", async () => {
    const msg = await client.messages.create({
      model,
      max_tokens: 200,
      messages: [{ role: "user", content: "Hello" }],
    });
    expect(msg.content).toEqual([expect.objectContaining({ type: "text", text: DEFAULT_ANSWER })]);
    expect(msg.stop_reason).toBe("end_turn");
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
  });

  it("streams a message", async () => {
    const stream = client.messages.stream({
      model,
      max_tokens: 200,
      system: "You are terse.",
      messages: [{ role: "user", content: "Hello" }],
    });
    let text = "";
    stream.on("text", (t) => {
      text += t;
    });
    const final = await stream.finalMessage();
    expect(text).toBe(DEFAULT_ANSWER);
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it("uses a tool and answers from its result, streamed", async () => {
    const first = await client.messages
      .stream({
        model,
        max_tokens: 200,
        tools: TOOLS,
        messages: [{ role: "user", content: "Weather in Paris?" }],
      })
      .finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
    expect(use?.name).toBe("get_weather");
    expect(use?.input).toEqual({ location: "Paris", unit: "celsius" });
    const second = await client.messages.create({
      model,
      max_tokens: 200,
      tools: TOOLS,
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: use!.id, content: '{"temp":18}' }] },
      ],
    });
    const text = second.content.find((b): b is Anthropic.TextBlock => b.type === "text");
    expect(text?.text).toContain("Paris");
  });
});

describe("anthropic SDK → errors", () => {
  it("refuses a bad key with an authentication_error", async () => {
    const bad = new Anthropic({ baseURL: h.url, apiKey: "nope-nope-nope", maxRetries: 0 });
    await expect(
      bad.messages.create({
        model: "claude-sonnet",
        max_tokens: 10,
        messages: [{ role: "user", content: "x" }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("refuses an unknown model with not_found_error", async () => {
    await expect(
      client.messages.create({
        model: "claude-9",
        max_tokens: 10,
        messages: [{ role: "user", content: "x" }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("maps an OpenAI 429 into an Anthropic rate_limit_error with retry-after", async () => {
    const err = await client.messages
      .create({
        model: "gpt-4o-mini",
        max_tokens: 10,
        messages: [{ role: "user", content: "[[scenario:429-retry-after]]" }],
      })
      .catch((e: unknown) => e as InstanceType<typeof Anthropic.APIError>);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err as InstanceType<typeof Anthropic.APIError>).headers?.get("retry-after")).toBe("7");
  });
});

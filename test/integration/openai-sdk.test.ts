/**
 * The official `openai` SDK against the real gateway, every provider of the reference config,
 * streamed and not, with tools, plus the error paths a client can hit.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ANSWER } from "../emulators/plan.js";
import { type Harness, KEY, startHarness } from "./harness.js";

const ALIASES = ["gpt-4o-mini", "claude-sonnet", "azure-gpt", "llama"];
const TOOLS: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather for a city",
      parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
    },
  },
];
const ARGS = { location: "Paris", unit: "celsius" };

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => h?.close());

describe.each(ALIASES)("openai SDK → %s", (model) => {
  it("chats", async () => {
    const res = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Hello" }],
    });
    expect(res.choices[0]!.message.content).toBe(DEFAULT_ANSWER);
    expect(res.choices[0]!.finish_reason).toBe("stop");
    expect(res.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("streams, with usage only when asked", async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
    });
    let text = "";
    let usageSeen = false;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usageSeen = true;
    }
    expect(text).toBe(DEFAULT_ANSWER);
    expect(finish).toBe("stop");
    expect(usageSeen).toBe(false);

    const withUsage = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of withUsage) if (chunk.usage) usage = chunk.usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("calls a tool, and answers from the tool's result", async () => {
    const res = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools: TOOLS,
    });
    const call = res.choices[0]!.message.tool_calls?.[0];
    expect(res.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && call.function.name).toBe("get_weather");
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual(ARGS);
    const followUp = await client.chat.completions.create({
      model,
      tools: TOOLS,
      messages: [
        { role: "user", content: "Weather in Paris?" },
        res.choices[0]!.message,
        { role: "tool", tool_call_id: call!.id, content: '{"temp":18}' },
      ],
    });
    expect(followUp.choices[0]!.message.content).toContain("Paris");
  });

  it("streams parallel tool calls whose arguments arrive in many deltas", async () => {
    const stream = await client.chat.completions.create({
      model,
      stream: true,
      tools: [...TOOLS, { type: "function", function: { name: "get_time", parameters: { type: "object" } } }],
      messages: [{ role: "user", content: "Weather and time [[scenario:parallel-tool-calls]]" }],
    });
    const calls: Array<{ id?: string; name?: string; args: string }> = [];
    let deltas = 0;
    for await (const chunk of stream) {
      for (const tc of chunk.choices[0]?.delta.tool_calls ?? []) {
        calls[tc.index] ??= { args: "" };
        if (tc.id) calls[tc.index]!.id = tc.id;
        if (tc.function?.name) calls[tc.index]!.name = tc.function.name;
        if (tc.function?.arguments) {
          calls[tc.index]!.args += tc.function.arguments;
          deltas++;
        }
      }
    }
    expect(calls.map((c) => c.name)).toEqual(["get_weather", "get_time"]);
    expect(JSON.parse(calls[0]!.args)).toEqual(ARGS);
    expect(JSON.parse(calls[1]!.args)).toEqual({ location: "Tokyo", unit: "celsius" });
    expect(deltas).toBeGreaterThan(4);
  });
});

describe("openai SDK → gateway errors and other endpoints", () => {
  it("lists the models this key may use", async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id).sort()).toEqual([
      "azure-gpt",
      "claude-sonnet",
      "embed-small",
      "gpt-4o-mini",
      "llama",
    ]);
  });

  it("embeds", async () => {
    const res = await client.embeddings.create({ model: "embed-small", input: ["a", "b"] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]!.embedding.length).toBeGreaterThan(0);
  });

  it("refuses a bad key with 401", async () => {
    const bad = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: "wrong-key-123456", maxRetries: 0 });
    await expect(
      bad.chat.completions.create({ model: "llama", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toMatchObject({
      status: 401,
      code: "invalid_api_key",
    });
  });

  it("refuses an unknown model with 404 listing the known ones", async () => {
    const err = await client.chat.completions
      .create({ model: "gpt-9", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe("model_not_found");
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toContain("gpt-4o-mini");
  });

  it("refuses a schema violation with 400 naming the field", async () => {
    const err = await client.chat.completions
      .create({ model: "llama", messages: [{ role: "user", content: "x" }], temperature: 9 })
      .catch((e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.APIError>).param).toBe("temperature");
  });

  it("maps a provider 429 faithfully, keeping retry-after", async () => {
    const err = await client.chat.completions
      .create({
        model: "claude-sonnet",
        messages: [{ role: "user", content: "[[scenario:429-retry-after]]" }],
      })
      .catch((e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after")).toBe("7");
  });

  it("ends a stream that the upstream cut with an error, never a fake [DONE]", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: "[[scenario:reset-mid-stream]]" }],
    });
    await expect(
      (async () => {
        for await (const _ of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow(/reset|closed|terminated/i);
  });

  it("aborts the upstream request when the client goes away mid-stream", async () => {
    const before = h.emulator.requests.length;
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      {
        model: "claude-sonnet",
        stream: true,
        messages: [{ role: "user", content: "[[scenario:slow-stream]]" }],
      },
      { signal: controller.signal },
    );
    for await (const _ of stream) {
      controller.abort();
      break;
    }
    const rec = h.emulator.requests[before]!;
    await rec.done;
    expect(rec.aborted).toBe(true);
  });
});

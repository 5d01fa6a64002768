/**
 * Provider fidelity through the real gateway (issue 9, items 9 to 16): the official `openai` SDK
 * against providers whose emulators answer in their native shapes and refuse what the real APIs
 * refuse. Each case failed on the behaviour the issue describes.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
let client: OpenAI;

const NO_PARAMS_TOOL: OpenAI.Chat.ChatCompletionTool[] = [
  { type: "function", function: { name: "current_time", description: "The time now" } },
];

let emu: Emulator;

beforeAll(async () => {
  // The reference config has no Gemini or Cohere provider: they point at an emulator of their own.
  emu = await startAllEmulators();
  h = await startHarness(
    {},
    {
      add: {
        providers: {
          google: { type: "gemini", base_url: emu.url, api_key: "gemini-emulated" },
          co: { type: "cohere", base_url: emu.url, api_key: "cohere-emulated" },
          aws: {
            type: "bedrock",
            region: "us-east-1",
            base_url: emu.url,
            // why: the emulator verifies signatures only for its own test key; any other
            // well-formed pair is accepted, so no emulator folder needs importing here.
            access_key_id: "AKIAEXAMPLEFIDELITY1",
            secret_access_key: "fidelity-example-secret",
          },
        },
        models: [
          { name: "gemini-flash", targets: [{ provider: "google", model: "gemini-2.5-flash" }] },
          { name: "command", targets: [{ provider: "co", model: "command-a-03-2025" }] },
          {
            name: "aws-claude",
            targets: [{ provider: "aws", model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }],
          },
        ],
      },
    },
  );
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await h?.close();
  await emu?.close();
});

describe("a streamed tool call with no arguments (item 13)", () => {
  it.each(["claude-sonnet", "gpt-4o-mini"])('reaches OpenAI clients as "{}" from %s', async (model) => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "What time is it? [[scenario:tool-call-no-args]]" }],
      tools: NO_PARAMS_TOOL,
      stream: true,
    });
    let args = "";
    let name = "";
    for await (const chunk of stream) {
      for (const t of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += t.function?.name ?? "";
        args += t.function?.arguments ?? "";
      }
    }
    expect(name).toBe("current_time");
    expect(JSON.parse(args)).toEqual({});
  });
});

describe("provider-native log probabilities (item 9)", () => {
  it.each(["gemini-flash", "command"])(
    "reach OpenAI clients as choices[].logprobs.content[] from %s",
    async (model) => {
      const res = await client.chat.completions.create({
        model,
        messages: [{ role: "user", content: "Hello" }],
        logprobs: true,
        top_logprobs: model === "command" ? undefined : 2,
      });
      const content = res.choices[0]!.logprobs?.content ?? [];
      expect(content.map((t) => t.token).join("")).toBe(res.choices[0]!.message.content);
      for (const t of content) {
        expect(typeof t.logprob).toBe("number");
        expect(t.bytes).toEqual([...Buffer.from(t.token)]);
        expect(Array.isArray(t.top_logprobs)).toBe(true);
      }

      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: "user", content: "Hello" }],
        logprobs: true,
        stream: true,
      });
      let text = "";
      const tokens: string[] = [];
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? "";
        for (const t of chunk.choices[0]?.logprobs?.content ?? []) tokens.push(t.token);
      }
      expect(tokens.join("")).toBe(text);
    },
  );
});

describe("reasoning across providers (item 12)", () => {
  const WEATHER: OpenAI.Chat.ChatCompletionTool[] = [
    { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } },
  ];

  // Claude on Anthropic (`thinking` blocks) and on Bedrock (`reasoningContent`): both emulators
  // refuse a tool loop whose assistant turn does not open with the reasoning it was answered with.
  it.each([
    ["claude-sonnet", false],
    ["claude-sonnet", true],
    ["aws-claude", false],
    ["aws-claude", true],
  ])("replays %s's signed reasoning in a tool loop (stream: %s)", async (model, stream) => {
    const ask = {
      model,
      messages: [{ role: "user" as const, content: "Weather in Paris?" }],
      tools: WEATHER,
      reasoning_effort: "low" as const,
    };
    let reasoning = "";
    let blocks: unknown[] = [];
    let call: { id: string; name: string; arguments: string } = { id: "", name: "", arguments: "" };
    if (stream) {
      for await (const chunk of await client.chat.completions.create({ ...ask, stream: true })) {
        const d = chunk.choices[0]?.delta as Record<string, unknown> &
          OpenAI.Chat.ChatCompletionChunk.Choice.Delta;
        reasoning += (d?.reasoning_content as string | undefined) ?? "";
        if (Array.isArray(d?.thinking_blocks)) blocks.push(...d.thinking_blocks);
        for (const t of d?.tool_calls ?? []) {
          call = {
            id: call.id || (t.id ?? ""),
            name: call.name || (t.function?.name ?? ""),
            arguments: call.arguments + (t.function?.arguments ?? ""),
          };
        }
      }
    } else {
      const res = await client.chat.completions.create(ask);
      const m = res.choices[0]!.message as unknown as Record<string, unknown> &
        OpenAI.Chat.ChatCompletionMessage;
      reasoning = m.reasoning_content as string;
      blocks = m.thinking_blocks as unknown[];
      const t = m.tool_calls![0]! as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
      call = { id: t.id, name: t.function.name, arguments: t.function.arguments };
    }
    // Non-streamed answers carry reasoning_content as streamed ones do.
    expect(reasoning).toBe("Let me think this through.");
    expect(blocks).toEqual([{ type: "thinking", thinking: reasoning, signature: expect.any(String) }]);
    // The next turn sends the blocks back; Claude refuses a tool loop whose thinking is missing.
    const next = (withBlocks: boolean) =>
      client.chat.completions.create({
        ...ask,
        messages: [
          ...ask.messages,
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } },
            ],
            ...(withBlocks ? { thinking_blocks: blocks } : {}),
          } as OpenAI.Chat.ChatCompletionAssistantMessageParam,
          { role: "tool", tool_call_id: call.id, content: "18C and sunny" },
        ],
      });
    await expect(next(false)).rejects.toMatchObject({ status: 400 });
    const answer = await next(true);
    expect(answer.choices[0]!.message.content).toContain("18 degrees");
  });
});

/**
 * Provider fidelity through the real gateway (issue 9, items 9 to 16): the official `openai` SDK
 * against providers whose emulators answer in their native shapes and refuse what the real APIs
 * refuse. Each case failed on the behaviour the issue describes.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
let client: OpenAI;

const NO_PARAMS_TOOL: OpenAI.Chat.ChatCompletionTool[] = [
  { type: "function", function: { name: "current_time", description: "The time now" } },
];

beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => h?.close());

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

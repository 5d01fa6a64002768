/**
 * The compatible emulator's server flavours (DeepSeek, vLLM, Ollama) against the
 * openai-compatible codec: each refuses or answers what its server does, so a codec that sends
 * the wrong request, or reads the answer wrongly, fails here.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../../src/canonical/index.js";
import { parseOpenAIChat } from "../../../src/dialects/openai/parse-request.js";
import { openaiCompatibleProvider } from "../../../src/providers/openai-compatible/index.js";
import type { PROFILE_NAMES } from "../../../src/providers/openai-compatible/profiles.js";
import { loadCanonical } from "../../support/golden.js";
import { type Emulator, startEmulator } from "../server.js";
import { EMULATED_REASONING } from "./compatible.js";
import { openaiCompatibleEmulator } from "./index.js";
import { chat, userText } from "./round-trip.js";

let local: Emulator;
beforeAll(async () => {
  local = await startEmulator([openaiCompatibleEmulator]);
});
afterAll(() => local.close());

const make = (profile: (typeof PROFILE_NAMES)[number]) =>
  openaiCompatibleProvider.create("local", {
    type: "openai-compatible",
    base_url: `${local.url}/v1`,
    profile,
  });

/** The parts of an answer (or error body) these tests read. */
interface RawAnswer {
  choices: Array<{ message: Record<string, unknown> }>;
  error: { message: string };
}

async function post(body: unknown) {
  const res = await request(`${local.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, body: (await res.body.json()) as RawAnswer };
}

describe("vLLM flavour", () => {
  const t = { provider: "local", model: "Qwen/Qwen3-8B" };
  it("sends reasoning and reasoning_content as copies; the codec keeps one", async () => {
    const raw = await post({
      model: t.model,
      messages: [{ role: "user", content: "[[scenario:reasoning-usage]] hi" }],
    });
    expect(raw.body.choices[0]!.message).toMatchObject({
      reasoning: EMULATED_REASONING,
      reasoning_content: EMULATED_REASONING,
    });
    for (const stream of [false, true]) {
      const out = await chat(
        make("vllm"),
        { model: "a", messages: [userText("hi")], stream },
        t,
        "reasoning-usage",
      );
      if (!out.ok) throw out.error;
      expect(out.res.choices[0]!.message.content[0]).toEqual({ type: "thinking", text: EMULATED_REASONING });
    }
  });
});

describe("Ollama flavour", () => {
  const t = { provider: "local", model: "llava:7b" };
  const image: ChatRequest = {
    model: "a",
    stream: false,
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" } },
        ],
      },
    ],
  };

  it("answers an image URL with 400 invalid image input; the codec refuses it first", async () => {
    const raw = await post({
      model: t.model,
      messages: [
        { role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/cat.jpg" } }] },
      ],
    });
    expect(raw.status).toBe(400);
    expect(raw.body.error.message).toBe("invalid image input");
    const sent = local.requests.length;
    await expect(chat(make("ollama"), image, t)).rejects.toMatchObject({
      code: "unsupported_parameter",
      param: "messages.content.image_url",
    });
    expect(local.requests.length).toBe(sent);
  });

  it("ignores tool_choice, so the codec refuses a forced choice instead of forwarding it", async () => {
    const forced: ChatRequest = {
      ...loadCanonical("chat-tools"),
      stream: false,
      tool_choice: { type: "required" },
    };
    const raw = await post({
      model: t.model,
      messages: [{ role: "user", content: "[[scenario:text]] weather?" }],
      tools: [
        {
          type: "function",
          function: { name: "get_weather", parameters: { type: "object", properties: {} } },
        },
      ],
      tool_choice: "required",
    });
    expect(raw.body.choices[0]!.message.tool_calls).toBeUndefined();
    await expect(chat(make("ollama"), forced, t)).rejects.toMatchObject({
      code: "unsupported_parameter",
      param: "tool_choice",
    });
  });
});

describe("DeepSeek flavour (thinking mode)", () => {
  const t = { provider: "local", model: "deepseek-reasoner" };
  it("refuses a tool-call turn without reasoning_content; the codec's tool loop sends it back", async () => {
    const first = await chat(make("deepseek"), { ...loadCanonical("chat-tools"), stream: true }, t);
    if (!first.ok) throw first.error;
    const answer = first.res.choices[0]!.message;
    expect(answer.content[0]).toEqual({ type: "thinking", text: EMULATED_REASONING });
    const call = answer.tool_calls![0]!;
    // The OpenAI client appends the assistant turn as it was streamed to it, reasoning_content included.
    const client = {
      model: "a",
      tools: [
        {
          type: "function",
          function: { name: "get_weather", parameters: { type: "object", properties: {} } },
        },
      ],
      messages: [
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: null,
          reasoning_content: EMULATED_REASONING,
          tool_calls: [
            { id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } },
          ],
        },
        { role: "tool", tool_call_id: call.id, content: '{"temp_c":18}' },
      ],
    };
    const second = await chat(make("deepseek"), parseOpenAIChat(client), t);
    if (!second.ok) throw second.error;
    expect(local.requests.at(-1)!.body).toMatchObject({
      messages: [{}, { reasoning_content: EMULATED_REASONING }, {}],
    });

    const { reasoning_content: _dropped, ...without } = client.messages[1]!;
    const raw = await post({
      ...client,
      model: t.model,
      messages: [client.messages[0], without, client.messages[2]],
    });
    expect(raw.status).toBe(400);
    expect(raw.body.error.message).toBe(
      "The reasoning_content in the thinking mode must be passed back to the API.",
    );
  });
});

import { countTokens as cl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as o200k } from "gpt-tokenizer/encoding/o200k_base";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../canonical/chat.js";
import { counterFor, encodingFor, estimateTokens, warmTokenizers } from "./count.js";
import {
  estimateEmbeddingsTokens,
  estimateInputTokens,
  estimateResponseUsage,
  estimateUsage,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
} from "./estimate.js";
import { GeneratedText } from "./generated-text.js";
import { estimateFromBody, PassthroughMeter, RETAIN_LIMIT } from "./passthrough-meter.js";

beforeAll(() => warmTokenizers());

const REQ: ChatRequest = {
  model: "alias",
  stream: false,
  messages: [
    { role: "system", content: [{ type: "text", text: "Be brief." }] },
    { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
    {
      role: "assistant",
      content: [],
      tool_calls: [{ id: "c1", name: "get_weather", arguments: '{"city":"Paris"}' }],
    },
    { role: "tool", tool_call_id: "c1", content: [{ type: "text", text: '{"temp":18}' }] },
  ],
  tools: [{ name: "get_weather", description: "Weather", parameters: { type: "object" } }],
};

describe("encodingFor", () => {
  it.each([
    ["gpt-4o-mini", "o200k_base"],
    ["gpt-4.1", "o200k_base"],
    ["o3-mini", "o200k_base"],
    ["gpt-5", "o200k_base"],
    ["openai/gpt-4o", "o200k_base"],
    ["gpt-4-turbo", "cl100k_base"],
    ["gpt-3.5-turbo", "cl100k_base"],
    ["llama3.1:8b", undefined],
    ["claude-sonnet-4-5", undefined],
    ["omni-model", undefined],
  ])("%s → %s", (model, encoding) => expect(encodingFor(model)).toBe(encoding));
});

describe("counting", () => {
  const text = "Tollgate counts tokens once, at the end of the stream. ¿Qué tal? 東京";

  it("uses the model's encoding where it is an OpenAI model", () => {
    expect(counterFor("gpt-4o").count(text)).toBe(o200k(text));
    expect(counterFor("gpt-4").count(text)).toBe(cl100k(text));
    expect(counterFor("gpt-4o").method).toBe("o200k_base");
  });

  it("estimates characters / 4 for other models", () => {
    expect(counterFor("mistral-large-latest")).toMatchObject({ method: "chars/4" });
    expect(counterFor("mistral-large-latest").count(text)).toBe(Math.ceil(text.length / 4));
    expect(estimateTokens("")).toBe(0);
  });

  it("counts every message, tool calls, tool results and tool definitions", () => {
    const tools = JSON.stringify([
      { name: "get_weather", description: "Weather", parameters: { type: "object" } },
    ]);
    const texts = ["Be brief.", "Weather in Paris?", 'get_weather{"city":"Paris"}', '{"temp":18}'];
    const expected =
      REPLY_PRIMING_TOKENS + o200k(tools) + texts.reduce((n, t) => n + TOKENS_PER_MESSAGE + o200k(t), 0);
    expect(estimateInputTokens(REQ, "gpt-4o")).toBe(expected);
    expect(estimateUsage(REQ, "gpt-4o", "It is 18 degrees.")).toEqual({
      input_tokens: expected,
      output_tokens: o200k("It is 18 degrees."),
      source: "estimated",
    });
  });

  it("counts a whole response's choices", () => {
    const res = {
      id: "r",
      model: "m",
      created: 0,
      choices: [
        {
          index: 0,
          finish_reason: "tool_calls" as const,
          message: {
            role: "assistant" as const,
            content: [{ type: "text" as const, text: "Checking." }],
            tool_calls: [{ id: "c", name: "f", arguments: "{}" }],
          },
        },
      ],
    };
    expect(estimateResponseUsage(REQ, "gpt-4o", res).output_tokens).toBe(o200k("Checking.f{}"));
  });

  it("has no input count without the request", () => {
    expect(estimateUsage(undefined, "x", "abcdefgh")).toEqual({
      input_tokens: 0,
      output_tokens: 2,
      source: "estimated",
    });
  });
});

describe("GeneratedText", () => {
  it("keeps text, thinking, tool names and arguments, nothing else", () => {
    const g = new GeneratedText();
    g.addChunk({ type: "start", id: "x", model: "m", created: 0 });
    g.addChunk({ type: "thinking-delta", choice: 0, text: "hmm " });
    g.addChunk({ type: "text-delta", choice: 0, text: "Hi. " });
    g.addChunk({ type: "tool-call-start", choice: 0, index: 0, id: "c", name: "f" });
    g.addChunk({ type: "tool-call-delta", choice: 0, index: 0, arguments: '{"a":1}' });
    g.addChunk({ type: "finish", choice: 0, reason: "tool_calls" });
    expect(g.text()).toBe('hmm Hi. f{"a":1}');
  });
});

describe("passthrough estimates", () => {
  const openaiChunk = (delta: unknown) => JSON.stringify({ id: "c", choices: [{ index: 0, delta }] });

  it("reads OpenAI chunks: content, reasoning, tool calls", () => {
    const m = new PassthroughMeter("openai");
    m.add(openaiChunk({ role: "assistant", content: "" }));
    m.add(openaiChunk({ reasoning_content: "think " }));
    m.add(openaiChunk({ content: "Hello" }));
    m.add(openaiChunk({ tool_calls: [{ index: 0, id: "t", function: { name: "f", arguments: "{}" } }] }));
    m.add("[DONE]");
    expect(m.estimate(REQ, "llama").output_tokens).toBe(Math.ceil("think Hellof{}".length / 4));
  });

  it("reads Anthropic events and whole messages", () => {
    const m = new PassthroughMeter("anthropic");
    m.add(
      JSON.stringify({
        type: "content_block_start",
        index: 0,
        content_block: { type: "tool_use", name: "get", input: {} },
      }),
    );
    m.add(
      JSON.stringify({
        type: "content_block_delta",
        index: 0,
        delta: { type: "input_json_delta", partial_json: '{"a":' },
      }),
    );
    m.add(
      JSON.stringify({
        type: "content_block_delta",
        index: 0,
        delta: { type: "input_json_delta", partial_json: "1}" },
      }),
    );
    expect(m.estimate(REQ, "x").output_tokens).toBe(Math.ceil('get{"a":1}'.length / 4));
    const body = JSON.stringify({ type: "message", content: [{ type: "text", text: "12345678" }] });
    expect(estimateFromBody("anthropic", body, REQ, "x").output_tokens).toBe(2);
  });

  it("keeps at most RETAIN_LIMIT characters of raw events, and still counts everything", () => {
    const m = new PassthroughMeter("openai");
    const piece = "x".repeat(1000);
    const events = Math.ceil((RETAIN_LIMIT * 2) / 1000);
    for (let i = 0; i < events; i++) m.add(openaiChunk({ content: piece }));
    expect(m.estimate(REQ, "llama").output_tokens).toBe((events * 1000) / 4);
  });
});

describe("estimateEmbeddingsTokens", () => {
  it("counts each text with the model's tokenizer and token-id inputs by their length", () => {
    const texts = ["the quick brown fox", "jumps over the lazy dog"];
    expect(estimateEmbeddingsTokens({ model: "e", input: texts }, "text-embedding-3-small")).toBe(
      cl100k(texts[0]!) + cl100k(texts[1]!),
    );
    expect(estimateEmbeddingsTokens({ model: "e", input: [[1, 2, 3], [4]] }, "text-embedding-3-small")).toBe(
      4,
    );
  });
});

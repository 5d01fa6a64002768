import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { GatewayError } from "../../canonical/errors.js";
import { renderAnthropicStream } from "./render-stream.js";

const req: ChatRequest = { model: "alias", messages: [], stream: true };

async function* from(chunks: ChatChunk[]): AsyncGenerator<ChatChunk> {
  for (const c of chunks) yield c;
}

async function render(chunks: ChatChunk[]): Promise<string> {
  let out = "";
  for await (const s of renderAnthropicStream(from(chunks), req)) out += s;
  return out;
}

type Ev = [string, Record<string, unknown>];
const sse = (events: Ev[]) =>
  events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify({ type: e, ...d })}\n\n`).join("");

const start: ChatChunk = { type: "start", id: "chatcmpl-9", model: "gpt-x", created: 1 };
const zeroUsage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
};
const messageStart = (usage: Record<string, number> = zeroUsage): Ev[] => [
  [
    "message_start",
    {
      message: {
        id: "msg_chatcmpl-9",
        type: "message",
        role: "assistant",
        model: "gpt-x",
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage,
      },
    },
  ],
  ["ping", {}],
];
const blockStart = (index: number, content_block: Record<string, unknown>): Ev => [
  "content_block_start",
  { index, content_block },
];
const delta = (index: number, d: Record<string, unknown>): Ev => ["content_block_delta", { index, delta: d }];
const text = (index: number, t: string) => delta(index, { type: "text_delta", text: t });
const json = (index: number, partial_json: string) =>
  delta(index, { type: "input_json_delta", partial_json });
const stop = (index: number): Ev => ["content_block_stop", { index }];
const end = (
  stop_reason: string,
  usage: Record<string, number>,
  stop_sequence: string | null = null,
): Ev[] => [
  ["message_delta", { delta: { stop_reason, stop_sequence }, usage }],
  ["message_stop", {}],
];

describe("renderAnthropicStream", () => {
  it("frames a text stream exactly like the Messages API", async () => {
    const out = await render([
      start,
      { type: "text-delta", choice: 0, text: "Hi" },
      { type: "finish", choice: 0, reason: "stop", raw: "stop" },
    ]);
    expect(out).toBe(
      "event: message_start\n" +
        'data: {"type":"message_start","message":{"id":"msg_chatcmpl-9","type":"message","role":"assistant",' +
        '"model":"gpt-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,' +
        '"output_tokens":0,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}}\n\n' +
        'event: ping\ndata: {"type":"ping"}\n\n' +
        "event: content_block_start\n" +
        'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        "event: content_block_delta\n" +
        'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        "event: message_delta\n" +
        'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},' +
        '"usage":{"output_tokens":0}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  const usage = { input_tokens: 100, output_tokens: 20, cached_tokens: 60, cache_write_tokens: 10 };
  const anthropicUsage = {
    input_tokens: 30,
    output_tokens: 20,
    cache_read_input_tokens: 60,
    cache_creation_input_tokens: 10,
  };

  const cases: Array<{ name: string; chunks: ChatChunk[]; want: Ev[] }> = [
    {
      name: "usage right after start goes into message_start; thinking → text → tool_use blocks",
      chunks: [
        start,
        {
          type: "usage",
          usage: { input_tokens: 100, output_tokens: 1, cached_tokens: 60, cache_write_tokens: 10 },
        },
        { type: "thinking-delta", choice: 0, text: "Let me " },
        { type: "thinking-delta", choice: 0, text: "think." },
        { type: "thinking-delta", choice: 0, text: "", signature: "sig==" },
        { type: "text-delta", choice: 0, text: "Checking." },
        { type: "tool-call-start", choice: 0, index: 0, id: "toolu_1", name: "weather" },
        { type: "tool-call-delta", choice: 0, index: 0, arguments: "" },
        { type: "tool-call-delta", choice: 0, index: 0, arguments: '{"ci' },
        { type: "tool-call-delta", choice: 0, index: 0, arguments: 'ty": "Par' },
        { type: "tool-call-delta", choice: 0, index: 0, arguments: 'is"}' },
        { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_use" },
        { type: "usage", usage },
      ],
      want: [
        ...messageStart({ ...anthropicUsage, output_tokens: 1 }),
        blockStart(0, { type: "thinking", thinking: "", signature: "" }),
        delta(0, { type: "thinking_delta", thinking: "Let me " }),
        delta(0, { type: "thinking_delta", thinking: "think." }),
        delta(0, { type: "signature_delta", signature: "sig==" }),
        stop(0),
        blockStart(1, { type: "text", text: "" }),
        text(1, "Checking."),
        stop(1),
        blockStart(2, { type: "tool_use", id: "toolu_1", name: "weather", input: {} }),
        json(2, '{"ci'),
        json(2, 'ty": "Par'),
        json(2, 'is"}'),
        stop(2),
        ...end("tool_use", anthropicUsage),
      ],
    },
    {
      name: "parallel tool calls, OpenAI-style: empty text skipped, usage after finish",
      chunks: [
        start,
        { type: "text-delta", choice: 0, text: "" },
        { type: "tool-call-start", choice: 0, index: 0, id: "call_a", name: "weather" },
        { type: "tool-call-delta", choice: 0, index: 0, arguments: '{"city":' },
        { type: "tool-call-delta", choice: 0, index: 0, arguments: '"Paris"}' },
        { type: "tool-call-start", choice: 0, index: 1, id: "call_b", name: "weather" },
        { type: "tool-call-delta", choice: 0, index: 1, arguments: '{"city":"Rome"}' },
        { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
        { type: "usage", usage },
      ],
      want: [
        ...messageStart(),
        blockStart(0, { type: "tool_use", id: "call_a", name: "weather", input: {} }),
        json(0, '{"city":'),
        json(0, '"Paris"}'),
        stop(0),
        blockStart(1, { type: "tool_use", id: "call_b", name: "weather", input: {} }),
        json(1, '{"city":"Rome"}'),
        stop(1),
        ...end("tool_use", anthropicUsage),
      ],
    },
    {
      name: "a late delta for a closed tool call keeps its block index",
      chunks: [
        start,
        { type: "tool-call-start", choice: 0, index: 0, id: "a", name: "f" },
        { type: "tool-call-start", choice: 0, index: 1, id: "b", name: "g" },
        { type: "tool-call-delta", choice: 0, index: 0, arguments: "{}" },
        { type: "tool-call-delta", choice: 0, index: 7, arguments: "{}" },
        { type: "finish", choice: 0, reason: "tool_calls" },
      ],
      want: [
        ...messageStart(),
        blockStart(0, { type: "tool_use", id: "a", name: "f", input: {} }),
        stop(0),
        blockStart(1, { type: "tool_use", id: "b", name: "g", input: {} }),
        json(0, "{}"),
        stop(1),
        ...end("tool_use", { output_tokens: 0 }),
      ],
    },
    {
      name: "stop sequence, text after thinking",
      chunks: [
        start,
        { type: "text-delta", choice: 0, text: "a" },
        { type: "text-delta", choice: 0, text: "b" },
        { type: "finish", choice: 0, reason: "stop", raw: "stop_sequence", stop_sequence: "END" },
      ],
      want: [
        ...messageStart(),
        blockStart(0, { type: "text", text: "" }),
        text(0, "a"),
        text(0, "b"),
        stop(0),
        ...end("stop_sequence", { output_tokens: 0 }, "END"),
      ],
    },
    {
      name: "length without usage; other choices and logprobs ignored",
      chunks: [
        start,
        { type: "text-delta", choice: 1, text: "other" },
        { type: "logprobs", choice: 0, logprobs: { content: [] } },
        { type: "text-delta", choice: 0, text: "x" },
        { type: "finish", choice: 0, reason: "length", raw: "MAX_TOKENS" },
      ],
      want: [
        ...messageStart(),
        blockStart(0, { type: "text", text: "" }),
        text(0, "x"),
        stop(0),
        ...end("max_tokens", { output_tokens: 0 }),
      ],
    },
    {
      name: "a stream without a finish chunk still closes",
      chunks: [start, { type: "text-delta", choice: 0, text: "x" }],
      want: [
        ...messageStart(),
        blockStart(0, { type: "text", text: "" }),
        text(0, "x"),
        stop(0),
        ...end("end_turn", { output_tokens: 0 }),
      ],
    },
  ];

  it.each(cases)("$name", async ({ chunks, want }) => {
    expect(await render(chunks)).toBe(sse(want));
  });

  it("ends with an error event (no message_stop) and stops reading the chunks", async () => {
    const err = new GatewayError({
      status: 429,
      kind: "rate_limit",
      code: "rate_limit_exceeded",
      message: "Slow down.",
    });
    let pulledAfterError = false;
    async function* chunks(): AsyncGenerator<ChatChunk> {
      yield start;
      yield { type: "text-delta", choice: 0, text: "par" };
      yield { type: "error", error: err };
      pulledAfterError = true;
      yield { type: "text-delta", choice: 0, text: "never" };
    }
    let out = "";
    for await (const s of renderAnthropicStream(chunks(), req)) out += s;
    expect(out).toBe(
      sse([
        ...messageStart(),
        blockStart(0, { type: "text", text: "" }),
        text(0, "par"),
        [
          "error",
          {
            error: {
              type: "rate_limit_error",
              message: "Slow down.",
              details: { error_code: "rate_limit_exceeded" },
            },
          },
        ],
      ]),
    );
    expect(pulledAfterError).toBe(false);
  });

  it("an error before anything else is the only event", async () => {
    const err = new GatewayError({
      status: 529,
      kind: "overloaded",
      code: "overloaded",
      message: "Overloaded",
    });
    expect(await render([{ type: "error", error: err }])).toBe(
      sse([
        [
          "error",
          {
            error: { type: "overloaded_error", message: "Overloaded", details: { error_code: "overloaded" } },
          },
        ],
      ]),
    );
  });

  it("synthesises message_start when the stream has no start chunk", async () => {
    const out = await render([{ type: "text-delta", choice: 0, text: "x" }]);
    const first = out.split("\n\n")[0] ?? "";
    expect(first).toMatch(/^event: message_start\ndata: /);
    const body = JSON.parse(first.slice(first.indexOf("data: ") + 6)) as {
      message: { id: string; model: string };
    };
    expect(body.message.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(body.message.model).toBe("alias");
  });
});

/** The Responses dialect's parser and renderers on canned canonical input. */
import { describe, expect, it } from "vitest";
import type { ChatChunk } from "../../canonical/chunk.js";
import { collectChunks } from "../../canonical/collect.js";
import { GatewayError } from "../../canonical/errors.js";
import { SseParser } from "../../wire/sse.js";
import { toResponsesParam, warningInResponsesTerms } from "./client-param.js";
import { parseResponsesRequest, renderResponsesObject, responsesDialect } from "./index.js";

const REQ = parseResponsesRequest({
  model: "m",
  instructions: "Be brief.",
  input: [
    {
      role: "user",
      content: [
        { type: "input_text", text: "Weather?" },
        { type: "input_image", image_url: "data:image/png;base64,AAAA" },
      ],
    },
    { type: "reasoning", summary: [{ type: "summary_text", text: "think" }], encrypted_content: "sig" },
    { type: "function_call", call_id: "c1", name: "get_weather", arguments: '{"location":"Paris"}' },
    { type: "function_call_output", call_id: "c1", output: "18" },
  ],
  tools: [{ type: "function", name: "get_weather", parameters: { type: "object" } }],
  tool_choice: { type: "function", name: "get_weather" },
  text: { format: { type: "json_schema", name: "a", schema: { type: "object" } } },
  max_output_tokens: 100,
  stream: true,
});

const CHUNKS: ChatChunk[] = [
  { type: "start", id: "up", model: "up-model", created: 1 },
  { type: "thinking-delta", choice: 0, text: "hm", signature: "s1" },
  { type: "text-delta", choice: 0, text: "Let me " },
  { type: "text-delta", choice: 0, text: "check." },
  { type: "tool-call-start", choice: 0, index: 0, id: "call_a", name: "get_weather" },
  { type: "tool-call-delta", choice: 0, index: 0, arguments: '{"location":' },
  { type: "tool-call-delta", choice: 0, index: 0, arguments: '"Rome"}' },
  { type: "tool-call-start", choice: 0, index: 1, id: "call_b", name: "get_time" },
  { type: "finish", choice: 0, reason: "tool_calls" },
  { type: "usage", usage: { input_tokens: 10, output_tokens: 5, cached_tokens: 2 } },
];

async function* replay(chunks: ChatChunk[]) {
  yield* chunks;
}

describe("parseResponsesRequest", () => {
  it("maps input items, tools, choice, format and limits", () => {
    expect(REQ.messages.map((m) => m.role)).toEqual(["developer", "user", "assistant", "tool"]);
    const assistant = REQ.messages[2] as Extract<(typeof REQ.messages)[number], { role: "assistant" }>;
    expect(assistant.content).toEqual([{ type: "thinking", text: "think", signature: "sig" }]);
    expect(assistant.tool_calls).toEqual([
      { id: "c1", name: "get_weather", arguments: '{"location":"Paris"}' },
    ]);
    expect(REQ.messages[1]!.content[1]).toMatchObject({
      type: "image",
      source: { kind: "base64", media_type: "image/png" },
    });
    expect(REQ.tools).toEqual([{ name: "get_weather", parameters: { type: "object" }, strict: true }]);
    expect(REQ.tool_choice).toEqual({ type: "tool", name: "get_weather" });
    expect(REQ.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "a" } });
    expect(REQ.max_tokens).toBe(100);
    expect(REQ.stream_include_usage).toBe(true);
  });
});

describe("the stream renderer", () => {
  it("sends each item's events in the documented order, numbered, and closes with the whole response", async () => {
    let text = "";
    for await (const f of responsesDialect.renderStream(replay(CHUNKS), REQ)) text += f;
    // biome-ignore lint/suspicious/noExplicitAny: events are read field by field.
    const events = new SseParser().push(text).map((e) => JSON.parse(e.data) as Record<string, any>);
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const done = events.at(-1)!.response;
    expect(done.model).toBe("up-model");
    expect(done.usage).toMatchObject({
      input_tokens: 10,
      output_tokens: 5,
      input_tokens_details: { cached_tokens: 2 },
    });
    expect(done.output.map((i: { type: string }) => i.type)).toEqual([
      "reasoning",
      "message",
      "function_call",
      "function_call",
    ]);
    expect(done.output[0].encrypted_content).toBe("s1");
    expect(done.output[2].arguments).toBe('{"location":"Rome"}');
    // A call with no arguments is sent as "{}", which clients can JSON.parse.
    expect(done.output[3].arguments).toBe("{}");
    // The stored (folded) response has the same item ids as the stream.
    const folded = renderResponsesObject(await collectChunks(replay(CHUNKS)), REQ);
    expect((folded.output as Array<{ id: string }>).map((i) => i.id)).toEqual(
      done.output.map((i: { id: string }) => i.id),
    );
  });

  it("ends with an error event on an error chunk", async () => {
    const error = { status: 529, kind: "overloaded", code: "overloaded", message: "busy", param: null };
    let text = "";
    const chunks = [...CHUNKS.slice(0, 3), { type: "error", error } as unknown as ChatChunk];
    for await (const f of responsesDialect.renderStream(replay(chunks), REQ)) text += f;
    const last = JSON.parse(new SseParser().push(text).at(-1)!.data);
    expect(last).toMatchObject({ type: "error", code: "overloaded", message: "busy" });
    expect(text).not.toContain("response.completed");
  });

  it("marks a length finish as incomplete", async () => {
    const chunks: ChatChunk[] = [...CHUNKS.slice(0, 3), { type: "finish", choice: 0, reason: "length" }];
    let text = "";
    for await (const f of responsesDialect.renderStream(replay(chunks), REQ)) text += f;
    const last = JSON.parse(new SseParser().push(text).at(-1)!.data);
    expect(last.type).toBe("response.incomplete");
    expect(last.response.incomplete_details).toEqual({ reason: "max_output_tokens" });
  });
});

describe("errors name the Responses API's fields", () => {
  it.each([
    ["response_format", "text.format"],
    ["response_format.json_schema.schema", "text.format.json_schema.schema"],
    ["max_tokens", "max_output_tokens"],
    ["messages[2].content", "input.content"],
    ["messages.content.image_url", "input.content.image_url"],
    ["tool_choice", "tool_choice"],
    ["response_formats", "response_formats"],
  ])("%s → %s", (canonical, responses) => expect(toResponsesParam(canonical)).toBe(responses));

  it("renames the param and its mention in the body and in the stream's error event", () => {
    const err = GatewayError.unsupported("response_format", "claude", "send a json_schema");
    const body = responsesDialect.renderError(err).body as { error: { param: string; message: string } };
    expect(body.error.param).toBe("text.format");
    expect(body.error.message).toBe(
      "Parameter 'text.format' is not supported by provider 'claude': send a json_schema.",
    );
    const frame = responsesDialect.renderStreamError!(err);
    expect(JSON.parse(new SseParser().push(frame)[0]!.data)).toMatchObject({ param: "text.format" });
  });
});

describe("warnings name the Responses API's fields", () => {
  // Each message as a provider codec writes it (`providers/*/unsupported.ts`, `thinking-fit.ts`,
  // `request-messages.ts`, `openai/messages.ts`, the max-tokens plugin).
  it.each([
    [
      "response_format dropped: not supported by provider 'p' (no JSON mode)",
      "text.format dropped: not supported by provider 'p' (no JSON mode)",
    ],
    ["claude: dropped 'response_format.json_schema' (x)", "claude: dropped 'text.format.json_schema' (x)"],
    [
      "claude: thinking budget lowered from 4000 to 1999 to stay below max_tokens",
      "claude: thinking budget lowered from 4000 to 1999 to stay below max_output_tokens",
    ],
    ["bedrock: dropped 'max_completion_tokens': y", "bedrock: dropped 'max_output_tokens': y"],
    [
      "claude: messages[3].name is not sent (the API has no participant names)",
      "claude: input.name is not sent (the API has no participant names)",
    ],
    [
      "claude: messages[1] thinking without an Anthropic signature is not sent",
      "claude: input thinking without an Anthropic signature is not sent",
    ],
    ["cohere: dropped 'messages' (z)", "cohere: dropped 'input' (z)"],
    // Prose, plugin names and longer identifiers stay as they are.
    [
      "GPT takes only text in tool messages; their images went to a user message after them",
      "GPT takes only text in tool messages; their images went to a user message after them",
    ],
    ["max-tokens: output cap lowered from 900 to 100", "max-tokens: output cap lowered from 900 to 100"],
    ["dropped 'max_tokens_per_turn'", "dropped 'max_tokens_per_turn'"],
    ["dropped 'x.max_tokens'", "dropped 'x.max_tokens'"],
  ])("%s", (canonical, responses) => expect(warningInResponsesTerms(canonical)).toBe(responses));

  it("is the dialect's warning renderer", () => {
    expect(responsesDialect.renderWarning?.("claude: dropped 'response_format' (x)")).toBe(
      "claude: dropped 'text.format' (x)",
    );
  });
});

/**
 * The real `@anthropic-ai/sdk` against a loopback server that parses with this dialect and renders
 * canned canonical answers with it: proves the SDK accepts what we render (JSON, SSE, errors) and
 * that what the SDK sends parses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { collectChunks } from "../../canonical/collect.js";
import { GatewayError } from "../../canonical/errors.js";
import { anthropicDialect } from "./index.js";

/** An answer as an OpenAI-style upstream would stream it: split arguments, usage after finish. */
const ANSWER: ChatChunk[] = [
  { type: "start", id: "chatcmpl-42", model: "upstream-model", created: 1 },
  { type: "thinking-delta", choice: 0, text: "Two cities, " },
  { type: "thinking-delta", choice: 0, text: "two calls." },
  { type: "thinking-delta", choice: 0, text: "", signature: "c2lnbmF0dXJl" },
  { type: "text-delta", choice: 0, text: "Let me " },
  { type: "text-delta", choice: 0, text: "check." },
  { type: "tool-call-start", choice: 0, index: 0, id: "call_a", name: "get_weather" },
  { type: "tool-call-delta", choice: 0, index: 0, arguments: '{"loc' },
  { type: "tool-call-delta", choice: 0, index: 0, arguments: 'ation": "Paris"}' },
  { type: "tool-call-start", choice: 0, index: 1, id: "call_b", name: "get_weather" },
  { type: "tool-call-delta", choice: 0, index: 1, arguments: '{"location":"Rome"}' },
  { type: "finish", choice: 0, reason: "tool_calls", raw: "tool_calls" },
  { type: "usage", usage: { input_tokens: 120, output_tokens: 33, cached_tokens: 100 } },
];

const overloaded = new GatewayError({
  status: 529,
  kind: "overloaded",
  code: "overloaded",
  message: "Overloaded",
});

function chunksFor(model: string): ChatChunk[] {
  if (model === "stream-error") return [...ANSWER.slice(0, 5), { type: "error", error: overloaded }];
  return ANSWER;
}

function errorFor(model: string): GatewayError | undefined {
  if (model === "err-429") {
    return new GatewayError({
      status: 429,
      kind: "rate_limit",
      code: "rate_limit_exceeded",
      message: "Rate limit reached for requests.",
      retryAfter: "3",
    });
  }
  if (model === "err-529") return overloaded;
  if (model === "err-401") {
    return new GatewayError({
      status: 401,
      kind: "authentication",
      code: "invalid_api_key",
      message: "Bad key.",
    });
  }
  return undefined;
}

async function* replay(chunks: ChatChunk[]): AsyncGenerator<ChatChunk> {
  for (const c of chunks) yield c;
}

const seen: ChatRequest[] = [];

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = "";
  for await (const piece of req) raw += piece;
  const send = (status: number, headers: Record<string, string>, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  let parsed: ChatRequest;
  try {
    parsed = anthropicDialect.parseChat(JSON.parse(raw));
  } catch (err) {
    const r = anthropicDialect.renderError(err as GatewayError);
    return send(r.status, r.headers, r.body);
  }
  seen.push(parsed);
  const failure = errorFor(parsed.model);
  if (failure) {
    const r = anthropicDialect.renderError(failure);
    return send(r.status, r.headers, r.body);
  }
  const chunks = chunksFor(parsed.model);
  if (!parsed.stream)
    return send(200, {}, anthropicDialect.renderChat(await collectChunks(replay(chunks)), parsed));
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for await (const text of anthropicDialect.renderStream(replay(chunks), parsed)) res.write(text);
  res.end();
}

let server: Server;
let client: Anthropic;

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  client = new Anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: "test-key", maxRetries: 0 });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const tools: Anthropic.Tool[] = [
  {
    name: "get_weather",
    description: "Current weather",
    input_schema: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  },
];
const params = {
  model: "claude-alias",
  max_tokens: 256,
  system: "Be brief.",
  messages: [{ role: "user" as const, content: "Weather in Paris and Rome?" }],
  tools,
  tool_choice: { type: "auto" as const },
  metadata: { user_id: "user-7" },
};

const EXPECTED_CONTENT = [
  { type: "thinking", thinking: "Two cities, two calls.", signature: "c2lnbmF0dXJl" },
  { type: "text", text: "Let me check." },
  { type: "tool_use", id: "call_a", name: "get_weather", input: { location: "Paris" } },
  { type: "tool_use", id: "call_b", name: "get_weather", input: { location: "Rome" } },
];
const EXPECTED_USAGE = {
  input_tokens: 20,
  output_tokens: 33,
  cache_read_input_tokens: 100,
  cache_creation_input_tokens: 0,
};

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe("@anthropic-ai/sdk against the Anthropic dialect", () => {
  it("messages.create: parses what the SDK sends and the SDK parses the message, tool_use included", async () => {
    const msg = await client.messages.create(params);
    expect(msg.id).toBe("msg_chatcmpl-42");
    expect(msg.model).toBe("upstream-model");
    expect(plain(msg.content)).toEqual(EXPECTED_CONTENT);
    expect(msg.stop_reason).toBe("tool_use");
    expect(msg.stop_sequence).toBeNull();
    expect(msg.usage).toEqual(EXPECTED_USAGE);
    expect(seen.at(-1)).toMatchObject({
      model: "claude-alias",
      max_tokens: 256,
      user: "user-7",
      stream: false,
      tool_choice: { type: "auto" },
      tools: [{ name: "get_weather", parameters: tools[0]?.input_schema }],
      messages: [
        { role: "system", content: [{ type: "text", text: "Be brief." }] },
        { role: "user", content: [{ type: "text", text: "Weather in Paris and Rome?" }] },
      ],
    });
  });

  it("messages.create with stream: true yields the Messages event sequence", async () => {
    const stream = await client.messages.create({ ...params, stream: true });
    const types: string[] = [];
    let json = "";
    for await (const ev of stream) {
      types.push(ev.type === "content_block_delta" ? `delta:${ev.delta.type}` : ev.type);
      if (ev.type === "content_block_delta" && ev.delta.type === "input_json_delta" && ev.index === 2) {
        json += ev.delta.partial_json;
      }
      if (ev.type === "message_delta") {
        expect(ev.delta.stop_reason).toBe("tool_use");
        expect(ev.usage).toMatchObject({ output_tokens: 33, input_tokens: 20, cache_read_input_tokens: 100 });
      }
    }
    expect(types[0]).toBe("message_start");
    expect(types.at(-2)).toBe("message_delta");
    expect(types.at(-1)).toBe("message_stop");
    expect(types).toContain("delta:signature_delta");
    expect(JSON.parse(json)).toEqual({ location: "Paris" });
    expect(seen.at(-1)?.stream).toBe(true);
  });

  it("messages.stream().finalMessage() equals the non-streamed message", async () => {
    const streamed = await client.messages.stream(params).finalMessage();
    const whole = await client.messages.create(params);
    expect(plain(streamed.content)).toEqual(EXPECTED_CONTENT);
    expect(streamed.usage).toMatchObject(EXPECTED_USAGE);
    // The stream helper adds `parsed_output` (structured outputs) of its own; the rest must match.
    const { parsed_output: _, ...rest } = streamed as typeof streamed & { parsed_output?: unknown };
    expect(plain(rest)).toEqual(plain(whole));
  });

  it("a tool_result turn sent by the SDK parses into tool messages", async () => {
    await client.messages.create({
      ...params,
      messages: [
        ...params.messages,
        { role: "assistant", content: EXPECTED_CONTENT as Anthropic.ContentBlockParam[] },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "call_a", content: "18C" },
            {
              type: "tool_result",
              tool_use_id: "call_b",
              content: [{ type: "text", text: "21C" }],
              is_error: false,
            },
          ],
        },
      ],
    });
    expect(seen.at(-1)?.messages.slice(2)).toEqual([
      {
        role: "assistant",
        content: [
          { type: "thinking", text: "Two cities, two calls.", signature: "c2lnbmF0dXJl" },
          { type: "text", text: "Let me check." },
        ],
        tool_calls: [
          { id: "call_a", name: "get_weather", arguments: '{"location":"Paris"}' },
          { id: "call_b", name: "get_weather", arguments: '{"location":"Rome"}' },
        ],
      },
      { role: "tool", tool_call_id: "call_a", content: [{ type: "text", text: "18C" }] },
      { role: "tool", tool_call_id: "call_b", content: [{ type: "text", text: "21C" }] },
    ]);
  });

  it("a mid-stream error event makes the SDK throw", async () => {
    const err = await client.messages
      .stream({ ...params, model: "stream-error" })
      .finalMessage()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).type).toBe("overloaded_error");
    expect((err as Error).message).toContain("Overloaded");
  });

  const errors: Array<[string, unknown, number, string | null]> = [
    ["err-429", Anthropic.RateLimitError, 429, "rate_limit_exceeded"],
    ["err-529", Anthropic.OverloadedError, 529, "overloaded"],
    ["err-401", Anthropic.AuthenticationError, 401, "invalid_api_key"],
  ];
  it.each(errors)("%s → the SDK's error class with status and code", async (model, cls, status, code) => {
    const err = await client.messages.create({ ...params, model }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cls as typeof Anthropic.APIError);
    const api = err as InstanceType<typeof Anthropic.APIError>;
    expect(api.status).toBe(status);
    expect(api.errorCode).toBe(code);
    if (status === 429) expect(api.headers?.get("retry-after")).toBe("3");
  });

  it("a body the dialect refuses → BadRequestError naming the field", async () => {
    const bad = { ...params, messages: [{ role: "user", content: [{ type: "txt", text: "x" }] }] };
    const err = await client.messages.create(bad as unknown as typeof params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const api = err as InstanceType<typeof Anthropic.BadRequestError>;
    expect(api.status).toBe(400);
    expect(api.type).toBe("invalid_request_error");
    expect(api.message).toContain("messages.0.content.0.type");
    expect(api.details).toEqual({ error_code: "invalid_request", param: "messages.0.content.0.type" });
  });
});

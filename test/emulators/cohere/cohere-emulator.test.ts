/**
 * The Cohere emulator driven through the Cohere provider codec (encode → HTTP → decode), streamed
 * and not, with tools and error scenarios: proves the emulator and the codec agree.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatChunk, ChatRequest, ChatResponse } from "../../../src/canonical/index.js";
import { collectChunks, GatewayError } from "../../../src/canonical/index.js";
import { cohereProvider } from "../../../src/providers/cohere/index.js";
import type { CodecContext, Provider } from "../../../src/providers/types.js";
import { DEFAULT_ANSWER } from "../plan.js";
import { type Emulator, startEmulator } from "../server.js";
import { cohereEmulator } from "./index.js";

let emu: Emulator;
let provider: Provider;
const ctx: CodecContext = {
  target: { provider: "co", model: "command-a-03-2025" },
  warn: () => {},
  onUnsupported: "error",
};

beforeAll(async () => {
  emu = await startEmulator([cohereEmulator]);
  provider = make("emulator-key");
});
afterAll(() => emu.close());

function make(key: string): Provider {
  return cohereProvider.create(
    "co",
    cohereProvider.schema.parse({ type: "cohere", api_key: key, base_url: emu.url }),
  );
}

const ask = (text: string, over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: "alias",
  messages: [{ role: "user", content: [{ type: "text", text }] }],
  stream: false,
  ...over,
});

const WEATHER = [
  { name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" } } } },
];

/** Sends a chat request; a non-2xx answer is decoded with decodeError and thrown. */
async function chat(
  req: ChatRequest,
  p = provider,
  headers: Record<string, string> = {},
): Promise<ChatResponse> {
  const up = await p.chat.encode(req, ctx);
  const res = await request(up.url, {
    method: up.method,
    headers: { ...up.headers, ...headers },
    body: up.body,
  });
  if (res.statusCode >= 300) throw p.decodeError(res.statusCode, res.headers, await res.body.text());
  if (!req.stream) return p.chat.decode(await res.body.json(), ctx);
  expect(res.headers["content-type"]).toBe("text/event-stream");
  return collectChunks(p.chat.decodeStream(res.body, ctx));
}

async function streamChunks(req: ChatRequest, headers: Record<string, string> = {}): Promise<ChatChunk[]> {
  const up = await provider.chat.encode({ ...req, stream: true }, ctx);
  const res = await request(up.url, {
    method: up.method,
    headers: { ...up.headers, ...headers },
    body: up.body,
  });
  const out: ChatChunk[] = [];
  for await (const c of provider.chat.decodeStream(res.body, ctx)) out.push(c);
  return out;
}

describe("cohere emulator ⇄ cohere codec", () => {
  it.each([false, true])("answers text (stream: %s)", async (stream) => {
    const res = await chat(ask("Say hello.", { stream }));
    expect(res.choices[0]?.message.content).toEqual([{ type: "text", text: DEFAULT_ANSWER }]);
    expect(res.choices[0]).toMatchObject({ finish_reason: "stop", raw_finish_reason: "COMPLETE" });
    expect(res.model).toBe("command-a-03-2025");
    expect(res.usage?.output_tokens).toBeGreaterThan(0);
    expect(emu.requests.at(-1)?.headers.authorization).toBe("Bearer emulator-key");
  });

  it.each([false, true])("calls tools, with a tool plan (stream: %s)", async (stream) => {
    const res = await chat(ask("Weather in Paris?", { stream, tools: WEATHER }));
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.tool_calls).toEqual([
      { id: "call_emu_1", name: "get_weather", arguments: '{"location":"Paris","unit":"celsius"}' },
    ]);
    expect(choice.message.content).toEqual([
      { type: "text", text: "I will use the get_weather tool to answer." },
    ]);
  });

  it("streams parallel tool calls with their own indexes", async () => {
    const chunks = await streamChunks(ask("[[scenario:parallel-tool-calls]] weather", { tools: WEATHER }));
    expect(chunks[0]?.type).toBe("start");
    const starts = chunks.filter((c) => c.type === "tool-call-start");
    expect(starts.map((c) => c.index)).toEqual([0, 1]);
    const res = await collectChunks(
      (async function* () {
        yield* chunks;
      })(),
    );
    expect(res.choices[0]?.message.tool_calls?.map((t) => JSON.parse(t.arguments).location)).toEqual([
      "Paris",
      "Tokyo",
    ]);
  });

  it("refuses a tool without parameters, as Cohere does, and accepts the codec's empty schema", async () => {
    const bare = { model: "command-a-03-2025", messages: [{ role: "user", content: "Time?" }] };
    const tools = [{ type: "function", function: { name: "get_current_time" } }];
    const res = await request(`${emu.url}/v2/chat`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({ ...bare, tools }),
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toMatchObject({
      message: expect.stringContaining("parameters is required"),
    });
    const out = await chat(ask("What time is it?", { tools: [{ name: "get_current_time" }] }));
    expect(out.choices[0]?.message.tool_calls?.[0]?.name).toBe("get_current_time");
  });

  it("answers a tool result with text, sent as a document", async () => {
    const res = await chat({
      ...ask("Weather in Paris?", { tools: WEATHER, tool_choice: { type: "tool", name: "get_weather" } }),
      messages: [
        { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
        { role: "assistant", content: [], tool_calls: [{ id: "c1", name: "get_weather", arguments: "{}" }] },
        { role: "tool", tool_call_id: "c1", content: [{ type: "text", text: '{"temp":18}' }] },
      ],
    });
    expect(res.choices[0]?.message.content[0]).toMatchObject({ text: expect.stringContaining("18 degrees") });
    const sent = emu.requests.at(-1)?.body as { messages: Array<{ content: unknown }>; tool_choice: string };
    expect(sent.tool_choice).toBe("REQUIRED");
    expect(sent.messages[2]?.content).toEqual([{ type: "document", document: { data: '{"temp":18}' } }]);
  });

  it.each([false, true])("reports cached tokens inside input tokens (stream: %s)", async (stream) => {
    const res = await chat(ask("[[scenario:cache-usage]] hi", { stream }));
    expect(res.usage?.cached_tokens).toBe(8);
    expect(res.usage?.input_tokens).toBeGreaterThanOrEqual(8);
  });

  it("stops at max_tokens with MAX_TOKENS", async () => {
    const res = await chat(ask("hi", { max_tokens: 2 }));
    expect(res.choices[0]).toMatchObject({ finish_reason: "length", raw_finish_reason: "MAX_TOKENS" });
  });

  it("refuses output_dimension the API refuses (v3 models, sizes outside 256…1536)", async () => {
    for (const body of [
      { model: "embed-english-v3.0", texts: ["a"], input_type: "search_document", output_dimension: 256 },
      { model: "embed-v4.0", texts: ["a"], input_type: "search_document", output_dimension: 8 },
    ]) {
      const res = await request(`${emu.url}/v2/embed`, {
        method: "POST",
        headers: { authorization: "Bearer k", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.statusCode).toBe(400);
      expect(((await res.body.json()) as { message: string }).message).toMatch(/output_dimension/);
    }
  });

  it("embeds text as floats and base64", async () => {
    const emb = provider.embeddings!;
    const ectx = { ...ctx, target: { provider: "co", model: "embed-v4.0" } };
    for (const encoding_format of ["float", "base64"] as const) {
      const up = await emb.encode(
        { model: "alias", input: ["a", "b"], dimensions: 256, encoding_format },
        ectx,
      );
      const res = await request(up.url, { method: up.method, headers: up.headers, body: up.body });
      const out = emb.decode(await res.body.json(), ectx);
      expect(out.data).toHaveLength(2);
      if (encoding_format === "float") expect(out.data[0]?.embedding).toHaveLength(256);
      else expect(Buffer.from(String(out.data[0]?.embedding), "base64")).toHaveLength(1024);
      expect(out.usage.input_tokens).toBeGreaterThan(0);
    }
  });
});

describe("cohere emulator error scenarios through decodeError", () => {
  const fail = (p: Promise<unknown>) =>
    p.then(
      () => expect.fail("expected an error"),
      (e: unknown) => e as GatewayError,
    );

  it("refuses the key 'invalid' with 401", async () => {
    const err = await fail(chat(ask("hi"), make("invalid")));
    expect(err).toMatchObject({ status: 401, kind: "authentication", message: "Cohere: invalid api token" });
  });

  it.each([
    ["429-retry-after", { status: 429, code: "rate_limit_exceeded", retryAfter: "7" }],
    ["400-context-length", { status: 400, code: "context_length_exceeded" }],
    ["404-model", { status: 404, code: "model_not_found" }],
    ["500", { status: 502, code: "upstream_error" }],
    ["503", { status: 503, kind: "overloaded" }],
    ["html-502", { status: 502, code: "upstream_error" }],
  ])("maps scenario %s", async (scenario, expected) => {
    const err = await fail(chat(ask("hi"), provider, { "x-emulator-scenario": scenario }));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject(expected);
  });

  it("refuses a request Cohere would refuse, in Cohere's error shape", async () => {
    const res = await request(`${emu.url}/v2/chat`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [] }),
    });
    expect(res.statusCode).toBe(400);
    const body = (await res.body.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["id", "message"]);
  });

  it("ends a malformed stream with an error chunk", async () => {
    const chunks = await streamChunks(ask("hi"), { "x-emulator-scenario": "malformed-json" });
    expect(chunks.at(-1)).toMatchObject({ type: "error", error: { code: "upstream_invalid_response" } });
  });

  it("lets a connection reset mid-stream surface as a thrown transport error", async () => {
    // Transport failures belong to the upstream client (it knows timeouts from resets); the
    // decoder only maps what Cohere says.
    const got = await streamChunks(ask("hi"), { "x-emulator-scenario": "reset-mid-stream" }).then(
      (chunks) => chunks,
      (e: unknown) => e,
    );
    expect(got).toBeInstanceOf(Error);
    expect(got).not.toBeInstanceOf(GatewayError);
  });
});

/**
 * `stream_resume` through the real server (issue 10, docs/routing.md "Streams"): the first
 * target's emulator cuts its stream (a connection reset) after a few text deltas; with
 * `stream_resume: true` the gateway sends the partial answer to the next target as an assistant
 * prefill and the client, on the official `openai` and `@anthropic-ai/sdk` streams, reads one
 * uninterrupted answer, also when Claude on Bedrock or on Vertex AI continues it. Where resuming
 * is unsound (a tool call had started; the next target cannot continue a prefill; the model does
 * not resume) the stream ends with the error event.
 */
import { request as httpRequest } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import type { RequestContext } from "../../src/pipeline/context.js";
import { estimateInputTokens } from "../../src/usage/index.js";
import { EMULATORS } from "../emulators/index.js";
import { approxTokens, DEFAULT_ANSWER } from "../emulators/plan.js";
import { type Emulator, type Fault, startEmulator } from "../emulators/server.js";
import { emulatedGoogleCloud } from "../support/service-account.js";

/**
 * The Anthropic emulator's stream: message_start, content_block_start, ping, then one frame per
 * word; five frames out means the client had "Hello! I " when the connection was reset.
 */
const CUT: Fault = { reset: "mid-stream", afterFrames: 5 };
const PARTIAL = "Hello! I ";
const BEDROCK_CLAUDE = "anthropic.claude-3-5-haiku-20241022-v1:0";
const VERTEX_CLAUDE = "claude-haiku-4-5@20251001";

const NAMES = ["first", "second", "oa"] as const;
type Name = (typeof NAMES)[number];
const faults: Record<Name, (n: number) => Fault | undefined> = {
  first: () => CUT,
  second: () => undefined,
  oa: () => undefined,
};
const emulators = {} as Record<Name, Emulator>;
const ended = new Map<string, RequestContext>();
let gateway: Gateway;
let url: string;
let openai: OpenAI;
let anthropic: Anthropic;

const chats = (name: Name) => emulators[name].requests.filter((r) => r.op === "chat");
const claude = (provider: string) => ({ provider, model: "claude-haiku-4-5" });

beforeAll(async () => {
  for (const name of NAMES)
    emulators[name] = await startEmulator(EMULATORS, { faults: (n) => faults[name](n) });
  gateway = createGateway({
    config: {
      auth: { mode: "none" },
      logging: { level: "silent" },
      providers: {
        first: { type: "anthropic", base_url: emulators.first.url, api_key: "sk-ant-emulated" },
        second: { type: "anthropic", base_url: emulators.second.url, api_key: "sk-ant-emulated" },
        oa: { type: "openai", base_url: `${emulators.oa.url}/v1`, api_key: "sk-emulated-openai" },
        aws: {
          type: "bedrock",
          region: "us-east-1",
          // The emulator checks SigV4 only for its own test key; these are signed but not checked.
          access_key_id: "AKIAEXAMPLERESUME001",
          secret_access_key: "example/secret/for/stream/resume/tests/0001",
          base_url: emulators.second.url,
        },
        gcp: { type: "vertex", ...emulatedGoogleCloud(emulators.second.url) },
      },
      models: [
        {
          name: "resume",
          stream_resume: true,
          retries: { attempts: 0 },
          targets: [claude("first"), claude("second")],
        },
        {
          name: "resume-same",
          stream_resume: true,
          retries: { attempts: 1, backoff_ms: 1 },
          targets: [claude("first")],
        },
        {
          name: "resume-to-openai",
          stream_resume: true,
          retries: { attempts: 0 },
          targets: [claude("first"), { provider: "oa", model: "gpt-4o-mini" }],
        },
        {
          name: "resume-bedrock",
          stream_resume: true,
          retries: { attempts: 0 },
          targets: [claude("first"), { provider: "aws", model: BEDROCK_CLAUDE }],
        },
        {
          name: "resume-vertex",
          stream_resume: true,
          retries: { attempts: 0 },
          targets: [claude("first"), { provider: "gcp", model: VERTEX_CLAUDE }],
        },
        { name: "no-resume", retries: { attempts: 0 }, targets: [claude("first"), claude("second")] },
      ],
    },
    logger: pino({ level: "silent" }),
    onRequestEnd: (ctx) => void ended.set(ctx.id, ctx),
  });
  ({ url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false }));
  openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "any-key-1234", maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: url, apiKey: "any-key-1234", maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close(0);
  for (const e of Object.values(emulators)) await e.close();
});

/** The record of a request, once its log phase ran (it runs just after the last byte). */
async function recordOf(id: string) {
  await expect.poll(() => ended.get(id)?.trace.record).toBeDefined();
  return ended.get(id)!.trace.record!;
}

/** The last message the emulator was sent, as the Anthropic API received it. */
function lastMessage(name: Name): { role: string; content: unknown } {
  const body = chats(name).at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
  return body.messages.at(-1)!;
}

describe("stream_resume continues a broken stream on the next target", () => {
  it("an OpenAI SDK stream reads partial + continuation as one answer, with one id", async () => {
    const before = chats("second").length;
    const { data, response } = await openai.chat.completions
      .create({
        model: "resume",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "hi" }],
      })
      .withResponse();
    let text = "";
    const ids = new Set<string>();
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const c of data) {
      ids.add(c.id);
      text += c.choices[0]?.delta?.content ?? "";
      if (c.choices[0]?.finish_reason) finishes.push(c.choices[0].finish_reason);
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe(DEFAULT_ANSWER);
    expect(ids.size).toBe(1);
    expect(finishes).toEqual(["stop"]);
    // The continuation was asked to go on from the partial answer, its trailing space left out.
    expect(chats("second").length).toBe(before + 1);
    expect(lastMessage("second")).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "Hello! I" }],
    });
    // Headers went out before the cut: they name the first attempt.
    expect(response.headers.get("x-tollgate-attempts")).toBe("1");
    const record = await recordOf(response.headers.get("x-request-id")!);
    expect(record).toMatchObject({
      attempts: 2,
      resumed: true,
      fallback_used: true,
      error_code: null,
      target: "second/claude-haiku-4-5",
    });
    expect(record.failed_attempts?.map((f) => [f.target, f.then, f.mid_stream])).toEqual([
      ["first/claude-haiku-4-5", "fallback", true],
    ]);
    expect(record.failed_attempts?.[0]?.code).toBe("upstream_connection_reset");
    // Both attempts' usage. The cut attempt reported none (Anthropic's usage comes at the end), so
    // the gateway estimates it: the prompt by its tokenizer, the output as characters / 4 for a
    // Claude model. The continuation reports its own: the emulator counts a token per 4
    // characters of input (the prompt and the prefill) and one per word of output.
    const cutInput = estimateInputTokens(
      {
        model: "resume",
        stream: true,
        messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      },
      "claude-haiku-4-5",
    );
    const input = cutInput + approxTokens("hiHello! I");
    const continued = DEFAULT_ANSWER.slice(PARTIAL.length).split(" ").length;
    expect(usage).toMatchObject({
      prompt_tokens: input,
      completion_tokens: Math.ceil(PARTIAL.length / 4) + continued,
    });
    expect(record).toMatchObject({
      input_tokens: input,
      output_tokens: usage!.completion_tokens,
      usage_source: "estimated",
    });
  });

  it("an Anthropic SDK stream gets one message and one text block", async () => {
    const stream = anthropic.messages.stream({
      model: "resume",
      max_tokens: 256,
      messages: [{ role: "user", content: "hi" }],
    });
    const starts: string[] = [];
    stream.on("streamEvent", (e) => {
      if (e.type === "message_start") starts.push(e.message.id);
      if (e.type === "content_block_start") starts.push(`block:${e.index}`);
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: "text", text: DEFAULT_ANSWER }]);
    expect(final.stop_reason).toBe("end_turn");
    expect(starts).toHaveLength(2);
    expect(starts[1]).toBe("block:0");
  });

  it("continues across providers: Anthropic cut, Claude on Bedrock (Converse) goes on", async () => {
    const { text, id } = await drain("resume-bedrock");
    expect(text).toBe(DEFAULT_ANSWER);
    const converse = chats("second").at(-1)!;
    expect(converse.path).toContain("/converse-stream");
    expect((converse.body as { messages: unknown[] }).messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ text: "Hello! I" }],
    });
    expect(await recordOf(id)).toMatchObject({ attempts: 2, resumed: true, target: `aws/${BEDROCK_CLAUDE}` });
  });

  it("continues across providers: Anthropic cut, Claude on Vertex AI (streamRawPredict) goes on", async () => {
    const before = chats("second").length;
    const { data, response } = await anthropic.messages
      .stream({ model: "resume-vertex", max_tokens: 256, messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    const starts: string[] = [];
    data.on("streamEvent", (e) => {
      if (e.type === "message_start") starts.push(e.message.id);
      if (e.type === "content_block_start") starts.push(`block:${e.index}`);
    });
    const final = await data.finalMessage();
    expect(final.content).toEqual([{ type: "text", text: DEFAULT_ANSWER }]);
    expect(final.stop_reason).toBe("end_turn");
    // One message, one text block: the continuation's own start events were not passed on.
    expect(starts).toHaveLength(2);
    expect(starts[1]).toBe("block:0");
    // The continuation went to Vertex's Claude route with the partial answer as the prefill.
    const vertex = chats("second").slice(before);
    expect(vertex).toHaveLength(1);
    expect(vertex[0]!.path).toContain(`/publishers/anthropic/models/${VERTEX_CLAUDE}:streamRawPredict`);
    expect(lastMessage("second")).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "Hello! I" }],
    });
    const record = await recordOf(response.headers.get("x-request-id")!);
    expect(record).toMatchObject({ attempts: 2, resumed: true, target: `gcp/${VERTEX_CLAUDE}` });
    expect(record.failed_attempts?.map((f) => [f.target, f.then, f.mid_stream])).toEqual([
      ["first/claude-haiku-4-5", "fallback", true],
    ]);
  });

  it("the provider's own mid-stream error event (overloaded_error) is resumed too", async () => {
    faults.first = () => ({ streamError: "overloaded", afterFrames: 5 });
    const { data, response } = await anthropic.messages
      .stream({ model: "resume", max_tokens: 256, messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    const final = await data.finalMessage();
    expect(final.content).toEqual([{ type: "text", text: DEFAULT_ANSWER }]);
    const record = await recordOf(response.headers.get("x-request-id")!);
    expect(record.failed_attempts?.map((f) => [f.status, f.code, f.then, f.mid_stream])).toEqual([
      [503, "overloaded", "fallback", true],
    ]);
    faults.first = () => CUT;
  });

  it("retries the same target with the prefill when retries allow", async () => {
    let cut = true;
    faults.first = () => {
      if (!cut) return undefined;
      cut = false;
      return CUT;
    };
    const start = chats("first").length;
    const { text, id } = await drain("resume-same");
    expect(text).toBe(DEFAULT_ANSWER);
    expect(chats("first").length).toBe(start + 2);
    expect(lastMessage("first")).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "Hello! I" }],
    });
    const record = await recordOf(id);
    expect(record).toMatchObject({ attempts: 2, resumed: true, fallback_used: false });
    expect(record.failed_attempts?.map((f) => [f.target, f.then, f.mid_stream])).toEqual([
      ["first/claude-haiku-4-5", "retry", true],
    ]);
    faults.first = () => CUT;
  });

  it("sends the final attempt count and target as HTTP trailers", async () => {
    const { trailers, headers, body } = await rawStream("resume");
    expect(headers.trailer).toContain("x-tollgate-attempts");
    expect(headers["x-tollgate-attempts"]).toBe("1");
    expect(trailers).toMatchObject({
      "x-tollgate-attempts": "2",
      "x-tollgate-target": "second/claude-haiku-4-5",
      "x-tollgate-resumed": "true",
    });
    expect(body).toContain("data: [DONE]");
  });
});

describe("where resuming is unsound the stream ends with the error event", () => {
  it("a cut tool-call stream is not resumed", async () => {
    faults.first = () => ({ reset: "mid-stream", afterFrames: 4 });
    const before = chats("second").length;
    const { data: stream, response } = await openai.chat.completions
      .create({
        model: "resume",
        stream: true,
        tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
        messages: [{ role: "user", content: "weather in Paris?" }],
      })
      .withResponse();
    let sawTool = false;
    await expect(
      (async () => {
        for await (const c of stream) if (c.choices[0]?.delta?.tool_calls) sawTool = true;
      })(),
    ).rejects.toThrow(/reset|closed|terminated/i);
    expect(sawTool).toBe(true);
    expect(chats("second").length).toBe(before);
    const record = await recordOf(response.headers.get("x-request-id")!);
    expect(record.resumed).toBe(false);
    expect(record.warnings).toContain("stream_resume: not resumed, a tool call was streamed");
    faults.first = () => CUT;
  });

  it("no next target that continues a prefill: the error event, OpenAI never called", async () => {
    const before = chats("oa").length;
    const { body, trailers, headers } = await rawStream("resume-to-openai");
    expect(body).toContain('"code":"upstream_connection_reset"');
    expect(body).not.toContain("[DONE]");
    expect(chats("oa").length).toBe(before);
    expect(trailers["x-tollgate-resumed"]).toBe("false");
    const record = await recordOf(String(headers["x-request-id"]));
    expect(record).toMatchObject({ resumed: false, error_code: "upstream_connection_reset" });
    expect(record.failed_attempts?.map((f) => [f.target, f.then, f.mid_stream])).toEqual([
      ["first/claude-haiku-4-5", "fail", true],
    ]);
  });

  it("a model without stream_resume ends with the error event, as before", async () => {
    const before = chats("second").length;
    const stream = anthropic.messages.stream({
      model: "no-resume",
      max_tokens: 256,
      messages: [{ role: "user", content: "hi" }],
    });
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(chats("second").length).toBe(before);
  });
});

/** Streams a request with the OpenAI SDK; the answer text and the request id. */
async function drain(model: string): Promise<{ text: string; id: string }> {
  const { data, response } = await openai.chat.completions
    .create({ model, stream: true, messages: [{ role: "user", content: "hi" }] })
    .withResponse();
  let text = "";
  for await (const c of data) text += c.choices[0]?.delta?.content ?? "";
  return { text, id: response.headers.get("x-request-id")! };
}

/** A streamed request over plain HTTP, to read the response's trailers (SDKs do not expose them). */
function rawStream(model: string): Promise<{
  body: string;
  headers: Record<string, string | string[] | undefined>;
  trailers: Record<string, string | undefined>;
}> {
  const payload = JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "hi" }] });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/v1/chat/completions`,
      {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer any-key-1234" },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          body += d;
        });
        res.on("end", () => resolve({ body, headers: res.headers, trailers: res.trailers }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

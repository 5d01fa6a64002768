/**
 * The official `openai` SDK's `client.responses` against the real gateway, in front of every
 * provider's emulator (one model per conformance column): create, stream, a tool loop with
 * `function_call_output`, and `previous_response_id` with stored responses (SQLite in memory).
 */
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { conformanceConfig, modelName, TARGETS } from "../conformance/targets.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { DEFAULT_ANSWER } from "../emulators/plan.js";
import { WEATHER_FUNCTION_TOOL as WEATHER } from "../support/responses-tools.js";

const KEY = "tg-responses-key-0123456789";
const OTHER_KEY = "tg-responses-other-0123456789";
/** Every conformance column (OpenAI, Anthropic, Bedrock, Gemini and the rest), by model name. */
const MODELS = TARGETS.map((t) => modelName(t));

let emulators: Emulator[];
/** The upstream body (as JSON text) of the request whose body contains `text`. */
const upstreamWith = (text: string) =>
  emulators
    .flatMap((e) => e.requests)
    .map((r) => JSON.stringify(r.body))
    .find((b) => b.includes(text));
let gateway: Gateway;
let client: OpenAI;
let other: OpenAI;

beforeAll(async () => {
  const all = await startAllEmulators();
  const local = await startLocalEmulators();
  emulators = [all, local];
  const config = conformanceConfig({ all: all.url, local: local.url }, KEY);
  config.keys = [
    { name: "app-a", key: KEY },
    { name: "app-b", key: OTHER_KEY },
  ];
  config.storage = { records: { backend: "sqlite", path: ":memory:" } };
  gateway = createGateway({ config, env: {}, logger: pino({ level: "silent" }) });
  const { url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false });
  client = new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0 });
  other = new OpenAI({ baseURL: `${url}/v1`, apiKey: OTHER_KEY, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close(0);
  for (const e of emulators ?? []) await e.close();
});

describe.each(MODELS)("openai SDK responses → %s", (model) => {
  it("creates a response", async () => {
    const res = await client.responses.create({ model, input: "Hello", instructions: "Be brief." });
    expect(res.object).toBe("response");
    expect(res.status).toBe("completed");
    expect(res.output_text).toBe(DEFAULT_ANSWER);
    expect(res.instructions).toBe("Be brief.");
    expect(res.usage?.input_tokens).toBeGreaterThan(0);
    expect(res.usage?.output_tokens).toBeGreaterThan(0);
  });

  it("streams a response with typed events in order", async () => {
    const stream = client.responses.stream({ model, input: "Hello" });
    const types: string[] = [];
    const seqs: number[] = [];
    for await (const ev of stream) {
      types.push(ev.type);
      seqs.push(ev.sequence_number);
    }
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(DEFAULT_ANSWER);
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types.at(-1)).toBe("response.completed");
    expect(types).toContain("response.output_text.delta");
    expect(types.indexOf("response.output_text.done")).toBeLessThan(
      types.indexOf("response.output_item.done"),
    );
    expect(seqs).toEqual(seqs.map((_, i) => i));
  });

  it.each([false, true])("runs a tool loop with function_call_output (stream: %s)", async (streamed) => {
    const input: OpenAI.Responses.ResponseInput = [{ role: "user", content: "Weather in Paris?" }];
    const first = streamed
      ? await client.responses.stream({ model, input, tools: [WEATHER], store: false }).finalResponse()
      : await client.responses.create({ model, input, tools: [WEATHER], store: false });
    const call = first.output.find((i) => i.type === "function_call");
    expect(call?.type === "function_call" && call.name).toBe("get_weather");
    if (call?.type !== "function_call") return;
    expect(JSON.parse(call.arguments)).toEqual({ location: "Paris", unit: "celsius" });
    const next = await client.responses.create({
      model,
      tools: [WEATHER],
      store: false,
      input: [...input, call, { type: "function_call_output", call_id: call.call_id, output: '{"temp":18}' }],
    });
    expect(next.output_text).toContain("Paris");
  });

  it("continues a stored response with previous_response_id, for its own key only", async () => {
    const first = await client.responses.create({ model, input: "My name is Ada. [[scenario:echo]]" });
    const got = await client.responses.retrieve(first.id);
    expect(got.output_text).toBe(first.output_text);
    const next = await client.responses.create({
      model,
      previous_response_id: first.id,
      input: "What is my name?",
    });
    // Translated answers echo it; a passthrough answer is OpenAI's own, to the expanded request.
    if (!next.id.startsWith("resp_emu")) expect(next.previous_response_id).toBe(first.id);
    // The provider saw the whole conversation: the stored turn, its answer, then the new one.
    const sent = upstreamWith("What is my name?") ?? "";
    expect(sent).toContain("My name is Ada.");
    expect(sent.indexOf("My name is Ada.")).toBeLessThan(sent.indexOf("What is my name?"));
    expect(next.status).toBe("completed");
    await expect(other.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      other.responses.create({ model, previous_response_id: first.id, input: "And mine?" }),
    ).rejects.toMatchObject({ status: 404, code: "previous_response_not_found" });
    await other.responses.delete(first.id).then(
      () => expect.unreachable("another key deleted the response"),
      (e: { status: number }) => expect(e.status).toBe(404),
    );
    await client.responses.delete(first.id);
    await expect(client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
  });
});

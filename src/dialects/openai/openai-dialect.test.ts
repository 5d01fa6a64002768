import { describe, expect, it } from "vitest";
import type { ChatChunk } from "../../canonical/chunk.js";
import { GatewayError } from "../../canonical/errors.js";
import { openaiDialect } from "./index.js";

const base = { model: "m", messages: [{ role: "user", content: "hi" }] };

function parseError(body: unknown): GatewayError {
  try {
    openaiDialect.parseChat(body);
  } catch (err) {
    return err as GatewayError;
  }
  throw new Error("expected a parse error");
}

async function* from(chunks: ChatChunk[]): AsyncGenerator<ChatChunk> {
  yield* chunks;
}

async function render(chunks: ChatChunk[], includeUsage: boolean): Promise<string> {
  let out = "";
  for await (const f of openaiDialect.renderStream(from(chunks), {
    model: "m",
    messages: [],
    stream: true,
    stream_include_usage: includeUsage,
  })) {
    out += f;
  }
  return out;
}

describe("OpenAI dialect: parse", () => {
  it.each([
    [{ messages: [] }, "model"],
    [{ model: "m" }, "messages"],
    [{ model: "m", messages: [] }, "messages"],
    [{ ...base, messages: [{ role: "wizard", content: "x" }] }, "messages.0.role"],
    [{ ...base, messages: [{ role: "user", content: [{ type: "video" }] }] }, "messages.0.content.0.type"],
    [{ ...base, temperature: 3 }, "temperature"],
    [{ ...base, tools: [{ type: "function", function: {} }] }, "tools.0.function.name"],
    [{ ...base, stream_options: { include_usage: true } }, "stream_options"],
    [{ ...base, tool_choice: { type: "x" } }, "tool_choice"],
    [{ ...base, stop: ["a", "b", "c", "d", "e"] }, "stop"],
  ])("refuses %j naming '%s'", (body, param) => {
    const err = parseError(body);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err.status).toBe(400);
    expect(err.param).toBe(param);
    expect(err.message).toContain(param);
  });

  it("maps content parts, tools, tool choice, response format and sampling", () => {
    const req = openaiDialect.parseChat({
      ...base,
      messages: [
        { role: "system", content: "be brief" },
        {
          role: "user",
          content: [
            { type: "text", text: "look" },
            { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
            { type: "image_url", image_url: { url: "https://x/y.png" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "c1", content: "42" },
      ],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
      tool_choice: { type: "function", function: { name: "f" } },
      response_format: {
        type: "json_schema",
        json_schema: { name: "s", schema: { type: "object" }, strict: true },
      },
      max_completion_tokens: 50,
      stop: "END",
      seed: 7,
      stream: true,
      stream_options: { include_usage: true },
      service_tier: "flex",
      metadata: { tenant: "acme", workflow: "triage" },
    });
    expect(req.messages[1]!.content).toEqual([
      { type: "text", text: "look" },
      { type: "image", source: { kind: "base64", media_type: "image/png", data: "AAAA" }, detail: "low" },
      { type: "image", source: { kind: "url", url: "https://x/y.png" } },
    ]);
    expect(req.messages[2]).toEqual({
      role: "assistant",
      content: [],
      tool_calls: [{ id: "c1", name: "f", arguments: "{}" }],
    });
    expect(req.tool_choice).toEqual({ type: "tool", name: "f" });
    expect(req.max_tokens).toBe(50);
    expect(req.stop).toEqual(["END"]);
    expect(req.stream_include_usage).toBe(true);
    expect(req.extra).toEqual({ openai: { service_tier: "flex" } });
    expect(req.metadata).toEqual({ tenant: "acme", workflow: "triage" });
  });
});

describe("OpenAI dialect: stream rendering", () => {
  const chunks: ChatChunk[] = [
    { type: "start", id: "abc", model: "gpt-x", created: 1 },
    { type: "tool-call-start", choice: 0, index: 0, id: "call_1", name: "f" },
    { type: "tool-call-delta", choice: 0, index: 0, arguments: '{"a"' },
    { type: "tool-call-delta", choice: 0, index: 0, arguments: ":1}" },
    { type: "finish", choice: 0, reason: "tool_calls" },
    { type: "usage", usage: { input_tokens: 3, output_tokens: 4, cached_tokens: 1 } },
  ];

  it("renders tool-call deltas with the role first and ends with [DONE]", async () => {
    const text = await render(chunks, false);
    const events = text.trim().split("\n\n");
    expect(events.at(-1)).toBe("data: [DONE]");
    const first = JSON.parse(events[0]!.slice(6));
    expect(first).toMatchObject({ id: "chatcmpl-abc", object: "chat.completion.chunk", model: "gpt-x" });
    expect(first.choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(JSON.parse(events[1]!.slice(6)).choices[0].delta).toEqual({
      tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }],
    });
    expect(JSON.parse(events[4]!.slice(6)).choices[0].finish_reason).toBe("tool_calls");
  });

  it('gives a tool call that streamed no argument bytes the "{}" OpenAI sends', async () => {
    // Anthropic streams a parameterless tool_use as `input: {}` plus one empty partial_json.
    const text = await render(
      [
        chunks[0]!,
        { type: "tool-call-start", choice: 0, index: 0, id: "call_1", name: "now" },
        { type: "tool-call-start", choice: 0, index: 1, id: "call_2", name: "f" },
        { type: "tool-call-delta", choice: 0, index: 1, arguments: '{"a":1}' },
        { type: "finish", choice: 0, reason: "tool_calls" },
      ],
      false,
    );
    const deltas = text
      .trim()
      .split("\n\n")
      .slice(0, -1)
      .map((e) => JSON.parse(e.slice(6)).choices[0]);
    const args = ["", ""];
    for (const d of deltas)
      for (const t of d.delta.tool_calls ?? []) args[t.index] += t.function?.arguments ?? "";
    expect(args).toEqual(["{}", '{"a":1}']);
    expect(deltas.at(-1).finish_reason).toBe("tool_calls");
  });

  it("hides the usage chunk unless the client asked for it", async () => {
    expect(await render(chunks, false)).not.toContain('"usage"');
    const withUsage = await render(chunks, true);
    const usage = withUsage.trim().split("\n\n").at(-2)!;
    expect(JSON.parse(usage.slice(6))).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 3,
        completion_tokens: 4,
        total_tokens: 7,
        prompt_tokens_details: { cached_tokens: 1 },
      },
    });
  });

  it("ends a failed stream with an error event and no [DONE]", async () => {
    const err = new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_connection_reset",
      message: "reset",
    });
    const text = await render(
      [chunks[0]!, { type: "text-delta", choice: 0, text: "hi" }, { type: "error", error: err }],
      false,
    );
    expect(text).not.toContain("[DONE]");
    expect(text.trim().split("\n\n").at(-1)).toBe(
      'data: {"error":{"message":"reset","type":"api_error","param":null,"code":"upstream_connection_reset"}}',
    );
  });
});

import { describe, expect, it } from "vitest";
import { JSON_TOOL } from "../anthropic/json-mode.js";
import { CLAUDE, encodeBody, LLAMA, NOVA, userText } from "./__fixtures__/harness.js";

const body = encodeBody;
const user = userText;

describe("bedrock encode: messages", () => {
  it("merges same-role turns, puts tool results in user turns, and maps thinking and cache points", async () => {
    const { body: b } = await body({
      messages: [
        {
          role: "system",
          content: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
        },
        user("a"),
        user("b"),
        {
          role: "assistant",
          content: [
            { type: "thinking", text: "hmm", signature: "sig==" },
            { type: "text", text: "" },
          ],
          tool_calls: [{ id: "t1", name: "f", arguments: "" }],
        },
        { role: "tool", tool_call_id: "t1", content: [{ type: "text", text: "boom" }], is_error: true },
        user("and?"),
      ],
      tools: [{ name: "f", parameters: { type: "object", properties: {} } }],
    });
    expect(b.system).toEqual([{ text: "Be brief." }, { cachePoint: { type: "default" } }]);
    expect(b.messages).toEqual([
      { role: "user", content: [{ text: "a" }, { text: "b" }] },
      {
        role: "assistant",
        content: [
          { reasoningContent: { reasoningText: { text: "hmm", signature: "sig==" } } },
          { toolUse: { toolUseId: "t1", name: "f", input: {} } },
        ],
      },
      {
        role: "user",
        content: [
          { toolResult: { toolUseId: "t1", content: [{ text: "boom" }], status: "error" } },
          { text: "and?" },
        ],
      },
    ]);
  });

  it("sends image bytes with their format, S3 locations, and refuses http URLs", async () => {
    const img = (source: object) => ({
      role: "user" as const,
      content: [{ type: "image", source } as never],
    });
    const { body: b } = await body({
      messages: [
        img({ kind: "base64", media_type: "image/webp", data: "AAA=" }),
        img({ kind: "url", url: "data:image/jpeg;base64,/9j/" }),
        img({ kind: "url", url: "s3://bucket/cat.PNG" }),
      ],
    });
    expect((b.messages as Array<{ content: unknown[] }>)[0]!.content).toEqual([
      { image: { format: "webp", source: { bytes: "AAA=" } } },
      { image: { format: "jpeg", source: { bytes: "/9j/" } } },
      { image: { format: "png", source: { s3Location: { uri: "s3://bucket/cat.PNG" } } } },
    ]);
    await expect(
      body({ messages: [img({ kind: "base64", media_type: "image/tiff", data: "x" })] }),
    ).rejects.toThrow(/tiff/);
  });

  it("refuses tool-call arguments that are not JSON", async () => {
    const req = {
      messages: [
        user("x"),
        { role: "assistant" as const, content: [], tool_calls: [{ id: "a", name: "f", arguments: "{bad" }] },
      ],
    };
    await expect(body(req)).rejects.toMatchObject({ status: 400, param: "messages.tool_calls.arguments" });
  });

  it("drops a tool-result status for non-Anthropic models only with a warning", async () => {
    const req = {
      messages: [
        user("x"),
        { role: "assistant" as const, content: [], tool_calls: [{ id: "a", name: "f", arguments: "{}" }] },
        {
          role: "tool" as const,
          tool_call_id: "a",
          content: [{ type: "text" as const, text: "e" }],
          is_error: true,
        },
      ],
      tools: [{ name: "f" }],
    };
    await expect(body(req, LLAMA)).rejects.toMatchObject({
      code: "unsupported_parameter",
      param: "messages.tool.is_error",
    });
    const { body: b, warnings } = await body(req, LLAMA, "drop");
    expect(JSON.stringify(b)).not.toContain('"status"');
    expect(warnings).toEqual([expect.stringContaining("messages.tool.is_error")]);
  });
});

describe("bedrock encode: tools", () => {
  const tools = [{ name: "get_weather", description: "", parameters: { type: "object" }, strict: true }];
  const history = [
    user("x"),
    {
      role: "assistant" as const,
      content: [],
      tool_calls: [{ id: "a", name: "get_weather", arguments: "{}" }],
    },
    { role: "tool" as const, tool_call_id: "a", content: [{ type: "text" as const, text: "sunny" }] },
  ];

  it("maps choices: auto is left out, required → any, a name → tool; strict kept for Claude", async () => {
    const auto = await body({ messages: [user("x")], tools, tool_choice: { type: "auto" } });
    expect(auto.body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: { type: "object" } }, strict: true } }],
    });
    const any = await body({ messages: [user("x")], tools, tool_choice: { type: "required" } });
    expect((any.body.toolConfig as { toolChoice: unknown }).toolChoice).toEqual({ any: {} });
    const named = await body({
      messages: [user("x")],
      tools,
      tool_choice: { type: "tool", name: "get_weather" },
    });
    expect((named.body.toolConfig as { toolChoice: unknown }).toolChoice).toEqual({
      tool: { name: "get_weather" },
    });
    const llama = await body({ messages: [user("x")], tools }, LLAMA);
    expect(JSON.stringify(llama.body.toolConfig)).not.toContain("strict");
    expect(llama.warnings).toEqual([expect.stringContaining("tools.strict")]);
  });

  it("tool_choice none: tools left out with a warning, or refused when the history needs them", async () => {
    const fresh = await body({ messages: [user("x")], tools, tool_choice: { type: "none" } });
    expect(fresh.body.toolConfig).toBeUndefined();
    expect(fresh.warnings).toEqual([expect.stringContaining("tool_choice 'none'")]);
    await expect(body({ messages: history, tools, tool_choice: { type: "none" } })).rejects.toMatchObject({
      param: "tool_choice",
    });
    const dropped = await body({ messages: history, tools, tool_choice: { type: "none" } }, CLAUDE, "drop");
    expect((dropped.body.toolConfig as { tools: unknown[] }).tools).toHaveLength(1);
  });

  it("declares the history's tools when none are offered (Converse needs a toolConfig)", async () => {
    const r = await body({ messages: history });
    expect(r.body.toolConfig).toEqual({
      tools: [
        { toolSpec: { name: "get_weather", inputSchema: { json: { type: "object", properties: {} } } } },
      ],
    });
    expect(r.warnings).toEqual([expect.stringContaining("declared get_weather")]);
  });

  it("refuses a forced tool with no tools, and parallel_tool_calls: false", async () => {
    await expect(body({ messages: [user("x")], tool_choice: { type: "required" } })).rejects.toMatchObject({
      status: 400,
    });
    await expect(body({ messages: [user("x")], tools, parallel_tool_calls: false })).rejects.toMatchObject({
      param: "parallel_tool_calls",
    });
  });
});

describe("bedrock encode: parameters", () => {
  it("maps top_k and thinking per family, and asks Claude for the stop sequence", async () => {
    const claude = await body({
      messages: [user("x")],
      top_k: 5,
      reasoning: { budget_tokens: 2048 },
      stop: ["END"],
      extra: { anthropic: { anthropic_beta: ["x"], metadata: { user_id: "u" } }, openai: { store: true } },
    });
    // Claude takes no top_k while thinking (thinking-fit.ts): it is dropped with a warning.
    expect(claude.body.additionalModelRequestFields).toEqual({
      thinking: { type: "enabled", budget_tokens: 2048 },
      anthropic_beta: ["x"],
    });
    expect(claude.body.additionalModelResponseFieldPaths).toEqual(["/stop_sequence"]);
    expect(claude.warnings).toEqual([
      expect.stringContaining("anthropic field 'metadata'"),
      expect.stringContaining("openai field 'store'"),
      expect.stringContaining("dropped 'top_k'"),
    ]);
    const plain = await body({ messages: [user("x")], top_k: 5 });
    expect(plain.body.additionalModelRequestFields).toEqual({ top_k: 5 });
    const nova = await body(
      { messages: [user("x")], top_k: 5, reasoning: { effort: "low" }, stop: ["END"] },
      NOVA,
    );
    expect(nova.body.additionalModelRequestFields).toEqual({
      inferenceConfig: { topK: 5 },
      reasoningConfig: { type: "enabled", maxReasoningEffort: "low" },
    });
    expect(nova.body.additionalModelResponseFieldPaths).toBeUndefined();
    await expect(body({ messages: [user("x")], top_k: 5 }, LLAMA)).rejects.toMatchObject({ param: "top_k" });
    // reasoning_effort reaches Claude on Bedrock as the anthropic provider's budget (item 12),
    // with room above it when the client set no max_tokens, and temperature dropped.
    const effort = await body({ messages: [user("x")], reasoning: { effort: "high" }, temperature: 0.3 });
    expect(effort.body.additionalModelRequestFields).toEqual({
      thinking: { type: "enabled", budget_tokens: 16384 },
    });
    expect(effort.body.inferenceConfig).toEqual({ maxTokens: 16384 + 4096 });
    expect(effort.warnings).toEqual([expect.stringContaining("dropped 'temperature'")]);
    const small = await body({ messages: [user("x")], reasoning: { effort: "high" }, max_tokens: 2000 });
    expect(small.body.additionalModelRequestFields).toEqual({
      thinking: { type: "enabled", budget_tokens: 1999 },
    });
    await expect(body({ messages: [user("x")], reasoning: { effort: "extreme" } })).rejects.toMatchObject({
      param: "reasoning",
    });
  });

  it("refuses what Converse cannot do, or drops it with one warning each", async () => {
    const req = {
      messages: [user("x")],
      seed: 1,
      n: 2,
      presence_penalty: 0.5,
      frequency_penalty: 0.5,
      logprobs: true,
      top_logprobs: 2,
      logit_bias: { "1": 1 },
    };
    await expect(body(req)).rejects.toMatchObject({ code: "unsupported_parameter", param: "seed" });
    const { body: b, warnings } = await body(req, CLAUDE, "drop");
    expect(warnings.map((w) => /'([a-z_]+)'/.exec(w)?.[1])).toEqual([
      "seed",
      "n",
      "presence_penalty",
      "frequency_penalty",
      "logprobs",
      "top_logprobs",
      "logit_bias",
    ]);
    expect(Object.keys(b)).toEqual(["messages"]);
  });

  it("serves JSON mode as the forced JSON tool for Claude and Nova, and refuses it for others", async () => {
    const req = { messages: [user("x")], response_format: { type: "json_object" as const } };
    for (const model of [CLAUDE, NOVA]) {
      const { body: b } = await body(req, model);
      expect(b.toolConfig).toEqual({
        tools: [
          {
            toolSpec: {
              name: JSON_TOOL,
              description: expect.any(String),
              inputSchema: { json: { type: "object" } },
            },
          },
        ],
        toolChoice: { tool: { name: JSON_TOOL } },
      });
      expect(b.outputConfig).toBeUndefined();
    }
    await expect(body(req, LLAMA)).rejects.toMatchObject({
      code: "unsupported_parameter",
      param: "response_format",
    });
  });
});

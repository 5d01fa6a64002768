import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import type { ChatRequest } from "../../canonical/index.js";
import { GatewayError } from "../../canonical/index.js";
import { requestView, testContext } from "./__fixtures__/suite.js";
import { openaiProvider } from "./index.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__", "requests");
const provider = openaiProvider.create("openai", { type: "openai", api_key: "sk-test-key" });
const target = { provider: "openai", model: "o3-mini" };
const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });

/** Every parameter the canonical form has, at once. */
const ALL: ChatRequest = {
  model: "alias",
  messages: [
    { role: "developer", content: [{ type: "text", text: "Be brief." }] },
    user("Hi"),
    {
      role: "assistant",
      content: [
        { type: "thinking", text: "The user greets me.", signature: "sig" },
        { type: "text", text: "Hello." },
      ],
    },
    {
      role: "user",
      name: "ann",
      content: [
        { type: "text", text: "Describe", cache_control: { type: "ephemeral" } },
        { type: "image", source: { kind: "url", url: "https://example.com/a.png" }, detail: "low" },
        { type: "audio", format: "wav", data: "UklGRg==" },
      ],
    },
  ],
  tools: [{ name: "lookup", description: "Looks up", parameters: { type: "object" }, strict: true }],
  tool_choice: { type: "required" },
  parallel_tool_calls: false,
  response_format: { type: "json_object" },
  temperature: 0.5,
  top_p: 0.8,
  max_tokens: 64,
  stop: ["END"],
  seed: 7,
  n: 2,
  presence_penalty: 0.1,
  frequency_penalty: 0.2,
  logprobs: true,
  top_logprobs: 3,
  logit_bias: { "50256": -100 },
  reasoning: { effort: "low" },
  user: "user-123",
  stream: true,
  extra: { openai: { service_tier: "flex", store: false, metadata: { a: "b" } } },
};

describe("openai request parameters", () => {
  it("maps every canonical parameter, carries extra fields, warns on lossy history", async () => {
    const ctx = testContext(target);
    const r = await provider.chat.encode(ALL, ctx);
    expectGolden(join(FIXTURES, "params-all.json"), { ...requestView(r), warnings: ctx.warnings });
    const body = JSON.parse(String(r.body));
    expect(body.max_completion_tokens).toBe(64);
    expect(body.max_tokens).toBeUndefined();
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.reasoning_effort).toBe("low");
    expect(body.service_tier).toBe("flex");
    expect(JSON.stringify(body.messages)).not.toContain("The user greets me.");
    expect(ctx.warnings.join("\n")).toMatch(/thinking/);
  });

  it("refuses top_k and reasoning.budget_tokens unless told to drop them", async () => {
    const req: ChatRequest = { model: "a", messages: [user("x")], top_k: 40, stream: false };
    await expect(async () => provider.chat.encode(req, testContext(target))).rejects.toMatchObject({
      code: "unsupported_parameter",
      param: "top_k",
      status: 400,
    });
    const ctx = testContext(target, "drop");
    const r = await provider.chat.encode({ ...req, reasoning: { budget_tokens: 1024 } }, ctx);
    const body = JSON.parse(String(r.body));
    expect(body.top_k).toBeUndefined();
    expect(ctx.warnings).toHaveLength(2);
    await expect(async () =>
      provider.chat.encode(
        { ...req, top_k: undefined, reasoning: { budget_tokens: 5 } },
        testContext(target),
      ),
    ).rejects.toBeInstanceOf(GatewayError);
  });

  it("sends the organization and project headers and the base_url", async () => {
    const p = openaiProvider.create("o", {
      type: "openai",
      api_key: "k",
      organization: "org-1",
      project: "proj-1",
      base_url: "https://proxy.example.com/openai/v1/",
      headers: { "x-extra": "1" },
    });
    const r = await p.chat.encode({ model: "a", messages: [user("x")], stream: false }, testContext(target));
    expect(r.url).toBe("https://proxy.example.com/openai/v1/chat/completions");
    expect(r.headers).toMatchObject({
      authorization: "Bearer k",
      "openai-organization": "org-1",
      "openai-project": "proj-1",
      "x-extra": "1",
    });
    expect(p.origin).toBe("https://proxy.example.com");
  });

  it("passes a same-dialect body through with the upstream model and stream usage forced on", async () => {
    const r = await provider.passthrough!.encode(
      "chat",
      {
        model: "alias",
        messages: [{ role: "user", content: "x" }],
        stream: true,
        stream_options: { include_usage: false },
        foo: 1,
      },
      testContext(target),
    );
    expect(JSON.parse(String(r.body))).toEqual({
      model: "o3-mini",
      messages: [{ role: "user", content: "x" }],
      stream: true,
      stream_options: { include_usage: true },
      foo: 1,
    });
    const e = await provider.passthrough!.encode(
      "embeddings",
      { model: "alias", input: "x" },
      testContext(target),
    );
    expect(e.url).toBe("https://api.openai.com/v1/embeddings");
    expect(JSON.parse(String(e.body))).toEqual({ model: "o3-mini", input: "x" });
  });

  it("encodes and decodes embeddings", async () => {
    const ctx = testContext({ provider: "openai", model: "text-embedding-3-small" });
    const r = await provider.embeddings!.encode(
      { model: "e", input: ["a", "b"], encoding_format: "float", dimensions: 256, user: "u" },
      ctx,
    );
    expectGolden(join(FIXTURES, "embeddings.json"), requestView(r));
    const res = provider.embeddings!.decode(
      {
        object: "list",
        data: [
          { object: "embedding", index: 1, embedding: [0.3, 0.4] },
          { object: "embedding", index: 0, embedding: [0.1, 0.2] },
        ],
        model: "text-embedding-3-small",
        usage: { prompt_tokens: 2, total_tokens: 2 },
      },
      ctx,
    );
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    expect(res.usage).toEqual({ input_tokens: 2, source: "provider" });
    expect(() => provider.embeddings!.decode({ error: "x" }, ctx)).toThrow(GatewayError);
  });
});

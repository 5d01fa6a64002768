import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadFidelity } from "../../../test/support/fidelity.js";
import { loadCanonical } from "../../../test/support/golden.js";
import type { ChatRequest } from "../../canonical/index.js";
import { parseOpenAIChat } from "../../dialects/openai/parse-request.js";
import { goldenSuite, testContext } from "../openai/__fixtures__/suite.js";
import { openaiCompatibleConfigSchema } from "./config.js";
import { openaiCompatibleProvider } from "./index.js";
import type { PROFILE_NAMES } from "./profiles.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");
const make = (profile?: (typeof PROFILE_NAMES)[number], api_key?: string) =>
  openaiCompatibleProvider.create("local", {
    type: "openai-compatible",
    base_url: "http://127.0.0.1:8000/v1",
    ...(profile ? { profile } : {}),
    ...(api_key ? { api_key } : {}),
  });
const target = { provider: "local", model: "Qwen/Qwen2.5-7B-Instruct" };
const basic = (extra: Partial<ChatRequest>): ChatRequest => ({ ...loadCanonical("chat-basic"), ...extra });
const bodyOf = async (p: ReturnType<typeof make>, req: ChatRequest) =>
  JSON.parse(String((await p.chat.encode(req, testContext(target))).body));

describe("openai-compatible golden fixtures (generic profile, no key)", () => {
  goldenSuite(make(), FIXTURES, target);
});

describe("openai-compatible profiles", () => {
  it("sends Authorization only when a key is configured", async () => {
    expect((await make().chat.encode(basic({}), testContext(target))).headers).not.toHaveProperty(
      "authorization",
    );
    expect((await make("groq", "gsk_x").chat.encode(basic({}), testContext(target))).headers).toMatchObject({
      authorization: "Bearer gsk_x",
    });
  });

  it("picks the max tokens field and the developer role per server", async () => {
    const dev: ChatRequest = basic({
      max_tokens: 5,
      messages: [
        { role: "developer", content: [{ type: "text", text: "d" }] },
        ...loadCanonical("chat-basic").messages,
      ],
    });
    expect(await bodyOf(make("vllm"), dev)).toMatchObject({
      max_tokens: 5,
      messages: [{ role: "system" }, {}],
    });
    expect(await bodyOf(make("groq"), dev)).toMatchObject({ max_completion_tokens: 5 });
    expect(await bodyOf(make("vllm"), basic({ top_k: 20 }))).toMatchObject({ top_k: 20 });
  });

  it("refuses what a server cannot serve", async () => {
    const cases: Array<[(typeof PROFILE_NAMES)[number], Partial<ChatRequest>, string]> = [
      ["groq", { n: 2 }, "n"],
      ["groq", { logprobs: true }, "logprobs"],
      ["ollama", { logprobs: true }, "logprobs"],
      ["deepseek", { reasoning: { effort: "high" } }, "reasoning.effort"],
    ];
    for (const [profile, extra, param] of cases) {
      await expect(async () =>
        make(profile).chat.encode(basic(extra), testContext(target)),
      ).rejects.toMatchObject({
        code: "unsupported_parameter",
        param,
      });
    }
    expect(await bodyOf(make("groq"), basic({ n: 1 }))).toMatchObject({ n: 1 });
  });

  it("validates its config", () => {
    expect(openaiCompatibleConfigSchema.safeParse({ type: "openai-compatible" }).success).toBe(false);
    expect(
      openaiCompatibleConfigSchema.safeParse({
        type: "openai-compatible",
        base_url: "http://x/v1",
        profile: "nope",
      }).success,
    ).toBe(false);
  });
});

describe("openai-compatible fidelity fixtures", () => {
  it("refuses tool_choice and image URLs for Ollama, or drops them with warnings", async () => {
    const f = loadFidelity<ChatRequest, { refused: string[]; dropped: Record<string, unknown> }>(
      import.meta.dirname,
      "ollama-unsupported",
    );
    const ollama = make("ollama");
    await expect(async () => ollama.chat.encode(f.request, testContext(target))).rejects.toMatchObject({
      code: "unsupported_parameter",
      param: f.expected.refused[0],
    });
    const textOnly = { ...f.request, messages: loadCanonical("chat-basic").messages };
    await expect(async () => ollama.chat.encode(textOnly, testContext(target))).rejects.toMatchObject({
      code: "unsupported_parameter",
      param: f.expected.refused[1],
    });
    const ctx = testContext(target, "drop");
    const body = JSON.parse(String((await ollama.chat.encode(f.request, ctx)).body));
    expect(body).toMatchObject(f.expected.dropped);
    expect(body).not.toHaveProperty("tool_choice");
    expect(ctx.warnings).toHaveLength(2);
    // `auto` is Ollama's own behaviour: nothing to refuse.
    const auto = await bodyOf(ollama, { ...textOnly, tool_choice: { type: "auto" } });
    expect(auto.tool_choice).toBe("auto");
  });

  it("sends DeepSeek's reasoning_content back on assistant turns, parsed from an OpenAI client's body", async () => {
    const f = loadFidelity<unknown, Record<string, unknown>>(import.meta.dirname, "deepseek-tool-loop");
    const req = parseOpenAIChat(f.request);
    const body = await bodyOf(make("deepseek"), req);
    expect(body).toMatchObject(f.expected);
    // A tool-call turn whose reasoning the client lost still carries the field, empty.
    const lost = {
      ...req,
      messages: req.messages.map((m) => (m.role === "assistant" ? { ...m, content: [] } : m)),
    };
    expect((await bodyOf(make("deepseek"), lost)).messages[1]).toMatchObject({ reasoning_content: "" });
    // Other servers do not get the field.
    expect((await bodyOf(make("vllm"), req)).messages[1]).not.toHaveProperty("reasoning_content");
  });
});

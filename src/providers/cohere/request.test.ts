import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFidelity } from "../../../test/support/fidelity.js";
import { CANONICAL_INPUTS, expectGolden, loadCanonical } from "../../../test/support/golden.js";
import type { ChatRequest } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { testContext, testProvider } from "./__fixtures__/context.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__", "requests");
const provider = testProvider();

async function encode(req: ChatRequest, mode: "error" | "drop" = "error") {
  const ctx = testContext(mode);
  const up = await provider.chat.encode(req, ctx);
  return { up, body: JSON.parse(String(up.body)) as Record<string, unknown>, warnings: ctx.warnings };
}

const basic = (over: Partial<ChatRequest> = {}): ChatRequest => ({ ...loadCanonical("chat-basic"), ...over });

describe("cohere chat encode: shared canonical inputs", () => {
  for (const name of CANONICAL_INPUTS) {
    it(`matches the golden upstream request for ${name}`, async () => {
      const ctx = testContext();
      let golden: unknown;
      try {
        const up = await provider.chat.encode(loadCanonical(name), ctx);
        golden = {
          url: up.url,
          method: up.method,
          headers: up.headers,
          body: JSON.parse(String(up.body)),
          warnings: ctx.warnings,
        };
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        golden = { error: { status: err.status, code: err.code, param: err.param, message: err.message } };
      }
      expectGolden(join(FIXTURES, `${name}.json`), golden);
    });
  }
});

describe("cohere chat encode: parameter mapping", () => {
  it("sends the target's model, Bearer auth and the stream flag", async () => {
    const { up, body } = await encode(basic({ stream: true }));
    expect(up.url).toBe("https://api.cohere.com/v2/chat");
    expect(up.headers.authorization).toBe("Bearer co-test-key-0123456789");
    expect(up.headers.accept).toBe("text/event-stream");
    expect(body.model).toBe("command-a-03-2025");
    expect(body.stream).toBe(true);
  });

  it("maps sampling fields to Cohere's names", async () => {
    const { body } = await encode(
      basic({
        top_p: 0.5,
        top_k: 40,
        seed: 7,
        frequency_penalty: 0.1,
        presence_penalty: 0.2,
        logprobs: true,
      }),
    );
    expect(body).toMatchObject({
      p: 0.5,
      k: 40,
      seed: 7,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      logprobs: true,
    });
    expect(body).not.toHaveProperty("top_p");
  });

  it.each([
    [{ type: "none" }, "NONE"],
    [{ type: "required" }, "REQUIRED"],
    [{ type: "auto" }, undefined],
  ] as const)("maps tool_choice %j to %s", async (choice, expected) => {
    const tools = [{ name: "a" }, { name: "b" }];
    const { body } = await encode(basic({ tools, tool_choice: choice }));
    expect(body.tool_choice).toBe(expected);
  });

  it("sets strict_tools only when every tool is strict", async () => {
    const { body } = await encode(basic({ tools: [{ name: "a", strict: true }] }));
    expect(body.strict_tools).toBe(true);
  });

  it("maps reasoning budgets to thinking", async () => {
    const { body } = await encode(basic({ reasoning: { budget_tokens: 2048 } }));
    expect(body.thinking).toEqual({ type: "enabled", token_budget: 2048 });
    const none = await encode(basic({ reasoning: { effort: "none" } }));
    expect(none.body.thinking).toEqual({ type: "disabled" });
    const effort = await encode(basic({ reasoning: { effort: "high" } }));
    expect(effort.body.thinking).toEqual({ type: "enabled" });
    expect(effort.warnings.join()).toMatch(/reasoning.effort/);
  });

  it("sends an assistant turn's text before tool calls as tool_plan, and thinking as content", async () => {
    const { body } = await encode(
      basic({
        messages: [
          { role: "user", content: [{ type: "text", text: "hi" }] },
          {
            role: "assistant",
            content: [
              { type: "thinking", text: "plan it" },
              { type: "text", text: "I will call f." },
            ],
            tool_calls: [{ id: "c1", name: "f", arguments: "{}" }],
          },
          { role: "tool", tool_call_id: "c1", content: [{ type: "text", text: "plain words" }] },
        ],
      }),
    );
    const msgs = body.messages as unknown[];
    expect(msgs[1]).toEqual({
      role: "assistant",
      content: [{ type: "thinking", thinking: "plan it" }],
      tool_plan: "I will call f.",
      tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
    });
    expect(msgs[2]).toEqual({
      role: "tool",
      tool_call_id: "c1",
      content: [{ type: "text", text: "plain words" }],
    });
  });

  it("warns about fields it cannot send but that should not refuse a request", async () => {
    const { body, warnings } = await encode(
      basic({ user: "u-1", extra: { openai: { service_tier: "flex" } } }),
    );
    expect(body).not.toHaveProperty("user");
    expect(warnings).toHaveLength(2);
  });

  it("honours base_url and extra headers", async () => {
    const p = testProvider({ base_url: "http://127.0.0.1:9999/", headers: { "x-org": "acme" } });
    const up = await p.chat.encode(basic(), testContext());
    expect(up.url).toBe("http://127.0.0.1:9999/v2/chat");
    expect(up.headers["x-org"]).toBe("acme");
    expect(p.origin).toBe("http://127.0.0.1:9999");
  });
});

describe("cohere chat encode: unsupported parameters", () => {
  const cases: Array<[string, Partial<ChatRequest>]> = [
    ["n", { n: 2 }],
    ["logit_bias", { logit_bias: { "50256": -100 } }],
    ["top_logprobs", { logprobs: true, top_logprobs: 3 }],
    ["parallel_tool_calls", { parallel_tool_calls: false }],
    ["tool_choice", { tools: [{ name: "a" }, { name: "b" }], tool_choice: { type: "tool", name: "b" } }],
    ["tools[].strict", { tools: [{ name: "a", strict: true }, { name: "b" }] }],
    [
      "messages[0].content",
      { messages: [{ role: "user", content: [{ type: "audio", format: "wav", data: "AA==" }] }] },
    ],
  ];

  it.each(cases)("refuses %s by default", async (param, over) => {
    const err = await encode(basic(over)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status: 400, code: "unsupported_parameter", param, provider: "cohere" });
  });

  it.each(cases)("drops %s with a warning when on_unsupported is drop", async (param, over) => {
    const { body, warnings } = await encode(basic(over), "drop");
    expect(warnings.join("\n")).toContain(`'${param}'`);
    expect(body).not.toHaveProperty("n");
    expect(body).not.toHaveProperty("logit_bias");
    expect(body).not.toHaveProperty("tool_choice");
    expect(body).not.toHaveProperty("strict_tools");
  });
});

describe("cohere chat encode: fidelity fixtures", () => {
  it("gives a tool without parameters the empty object schema Cohere requires", async () => {
    const f = loadFidelity<ChatRequest, Record<string, unknown>>(
      import.meta.dirname,
      "tool-without-parameters",
    );
    const { body } = await encode(f.request);
    expect(body).toMatchObject(f.expected);
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CANONICAL_INPUTS, expectGolden, loadCanonical, ROOT } from "../../../test/support/golden.js";
import type { ChatRequest } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import type { CodecContext } from "../types.js";
import type { AnthropicConfig } from "./config.js";
import { anthropicProvider } from "./index.js";

const DIR = join(ROOT, "src", "providers", "anthropic", "__fixtures__", "requests");
const CONFIG: AnthropicConfig = { type: "anthropic", api_key: "sk-ant-test-key" };

function context(onUnsupported: "error" | "drop" = "error") {
  const warnings: string[] = [];
  const ctx: CodecContext = {
    target: { provider: "claude", model: "claude-sonnet-4-5" },
    warn: (m) => warnings.push(m),
    onUnsupported,
  };
  return { ctx, warnings };
}

/** Encodes and returns what a golden holds: the upstream request (body parsed) or the error. */
async function encoded(req: ChatRequest, onUnsupported: "error" | "drop" = "error", config = CONFIG) {
  const { ctx, warnings } = context(onUnsupported);
  const provider = anthropicProvider.create("claude", config);
  try {
    const up = await provider.chat.encode(req, ctx);
    return {
      url: up.url,
      method: up.method,
      headers: up.headers,
      body: JSON.parse(String(up.body)),
      warnings,
    };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    const { status, kind, code, param, message } = err;
    return { error: { status, kind, code, param, message }, warnings };
  }
}

const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });
const base = (over: Partial<ChatRequest>): ChatRequest => ({
  model: "alias",
  messages: [user("Hi")],
  stream: false,
  ...over,
});

describe("anthropic encode: shared canonical inputs", () => {
  for (const name of CANONICAL_INPUTS) {
    it(name, async () => expectGolden(join(DIR, `${name}.json`), await encoded(loadCanonical(name))));
  }
  it("chat-json-schema with on_unsupported: drop", async () => {
    const out = await encoded(loadCanonical("chat-json-schema"), "drop");
    expect(out.body.output_config.format.type).toBe("json_schema");
    expectGolden(join(DIR, "chat-json-schema.drop.json"), out);
  });
});

/** One row per mapping rule or regression; each has its golden under `requests/case-<name>.json`. */
const CASES: Array<[string, ChatRequest, ("error" | "drop")?, AnthropicConfig?]> = [
  [
    "system-mid-conversation",
    base({
      messages: [
        {
          role: "developer",
          content: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
        },
        user("Hi"),
        { role: "assistant", content: [{ type: "text", text: "Hello." }] },
        { role: "system", content: [{ type: "text", text: "Answer in French." }] },
        user("Bye"),
      ],
    }),
  ],
  [
    "consecutive-tool-results",
    base({
      messages: [
        user("Weather in Paris and Tokyo?"),
        {
          role: "assistant",
          content: [{ type: "text", text: "" }],
          tool_calls: [
            { id: "toolu_1", name: "get_weather", arguments: '{"location":"Paris"}' },
            { id: "toolu_2", name: "get_weather", arguments: "" },
          ],
        },
        { role: "tool", tool_call_id: "toolu_1", content: [{ type: "text", text: "18C" }] },
        {
          role: "tool",
          tool_call_id: "toolu_2",
          content: [{ type: "text", text: "no data" }],
          is_error: true,
        },
        user("And tomorrow?"),
      ],
      tools: [{ name: "get_weather" }],
      parallel_tool_calls: false,
    }),
  ],
  [
    "thinking-replayed",
    base({
      messages: [
        user("Think."),
        {
          role: "assistant",
          content: [
            { type: "thinking", text: "Let me see.", signature: "sig-abc" },
            { type: "thinking", text: "", signature: "opaque-redacted", redacted: true },
            { type: "thinking", text: "foreign reasoning without signature" },
            { type: "text", text: "Done." },
          ],
        },
        user("Again."),
      ],
      reasoning: { effort: "high" },
    }),
  ],
  ["budget-without-max-tokens", base({ reasoning: { budget_tokens: 8000 }, max_tokens: undefined })],
  ["budget-above-default", base({ reasoning: { budget_tokens: 10000 } })],
  [
    "params-carried",
    base({
      top_k: 5,
      temperature: 0.5,
      user: "user-42",
      stream: true,
      tool_choice: { type: "required" },
      tools: [
        {
          name: "lookup",
          description: "Look up",
          parameters: { properties: { q: { type: "string" } } },
          strict: true,
        },
      ],
      extra: { anthropic: { service_tier: "auto", stream: false }, openai: { store: true } },
    }),
  ],
  // JSON mode is the forced JSON tool (json-mode.ts); beside client tools, one of them or it.
  ["json-object-tool", base({ response_format: { type: "json_object" } })],
  [
    "json-object-with-tools",
    base({
      response_format: { type: "json_object" },
      tools: [{ name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } }],
    }),
  ],
  // Claude refuses a forced tool while thinking, so this JSON mode cannot be served then.
  [
    "json-object-thinking-refused",
    base({ response_format: { type: "json_object" }, reasoning: { budget_tokens: 2048 } }),
  ],
  ["n-dropped", base({ n: 2, presence_penalty: 0.5, logprobs: true, temperature: 1.5 }), "drop"],
  ["n-refused", base({ n: 2 })],
  [
    "config-headers",
    base({}),
    "error",
    {
      ...CONFIG,
      beta: ["a-2025", "b-2025"],
      anthropic_version: "2024-01-01",
      base_url: "https://proxy.example.com/anthropic/",
      headers: { "x-org": "acme" },
      default_max_tokens: 1000,
    },
  ],
  [
    "adaptive-thinking",
    base({ reasoning: { effort: "high" }, extra: { anthropic: { thinking: { type: "adaptive" } } } }),
  ],
  [
    // The shape the Anthropic dialect gives what canonical form cannot hold (src/dialects/anthropic/carry.ts).
    "carried-content",
    base({
      system: undefined,
      messages: [
        { role: "system", content: [{ type: "text", text: "Cite sources." }] },
        user("Summarise the attached file."),
        { role: "assistant", content: [{ type: "text", text: "It says hello." }] },
        user("Thanks"),
      ],
      tools: [{ name: "lookup" }],
      extra: {
        anthropic: {
          server_tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 3 }],
          carried_blocks: [
            {
              path: "messages.0.content.0",
              block: { type: "document", source: { type: "file", file_id: "file_011" } },
            },
          ],
          carried_fields: [
            {
              path: "messages.1.content.0",
              fields: { citations: [{ type: "char_location", cited_text: "hello" }] },
            },
            { path: "tools.0", fields: { cache_control: { type: "ephemeral" } } },
            { path: "messages.9.content.0", fields: { citations: [] } },
          ],
        },
      },
    } as Partial<ChatRequest>),
  ],
  [
    // An Anthropic client's `output_config: {effort: "high"}` (its documented effort parameter)
    // with max_tokens 2000 and temperature 0.5: the budget shrinks below max_tokens and the
    // temperature goes, both of which Claude refuses beside thinking (issue 9, item 12).
    "effort-small-max-tokens",
    base({ messages: [user("Plan it.")], reasoning: { effort: "high" }, max_tokens: 2000, temperature: 0.5 }),
    "drop",
  ],
  [
    "image-data-url",
    base({
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { kind: "url", url: "data:image/jpeg;base64,/9j/4AA=" }, detail: "low" },
          ],
        },
      ],
    }),
  ],
];

describe("anthropic encode: mapping rules", () => {
  for (const [name, req, mode, config] of CASES) {
    it(name, async () => expectGolden(join(DIR, `case-${name}.json`), await encoded(req, mode, config)));
  }

  it("refuses invalid tool-call arguments with the message index", async () => {
    const req = base({
      messages: [
        user("x"),
        { role: "assistant", content: [], tool_calls: [{ id: "t", name: "f", arguments: "{oops" }] },
      ],
    });
    const out = await encoded(req);
    expect(out.error).toMatchObject({ status: 400, param: "messages[1].tool_calls[0].arguments" });
    expect(out.error?.message).toContain("message index 1");
  });

  it("never sends a client's credentials, only the configured key", async () => {
    const out = await encoded(base({ extra: { anthropic: { "x-api-key": "client-key" } } }));
    expect(out.headers?.["x-api-key"]).toBe("sk-ant-test-key");
  });
});

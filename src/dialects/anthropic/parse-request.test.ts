import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../canonical/chat.js";
import { parseAnthropicRequest } from "./parse-request.js";

const base = { model: "claude-x", max_tokens: 100 };
const user = (text: string) => ({ role: "user", content: [{ type: "text", text }] });
const schema = { type: "object", properties: { city: { type: "string" } } };

interface ValidCase {
  name: string;
  body: Record<string, unknown>;
  want: Partial<ChatRequest>;
}

const valid: ValidCase[] = [
  {
    name: "string content, sampling, stop sequences, stream",
    body: {
      ...base,
      system: "Be brief.",
      messages: [{ role: "user", content: "Hi" }],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["END"],
      stream: true,
    },
    want: {
      model: "claude-x",
      max_tokens: 100,
      messages: [
        { role: "system", content: [{ type: "text", text: "Be brief." }] },
        { role: "user", content: [{ type: "text", text: "Hi" }] },
      ],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop: ["END"],
      stream: true,
      stream_include_usage: true,
    },
  },
  {
    name: "tools: client tools map, server tools and tool cache_control are carried",
    body: {
      ...base,
      messages: [user("Q")],
      tools: [
        { name: "weather", description: "Weather", input_schema: schema, strict: true },
        {
          type: "custom",
          name: "calc",
          input_schema: { type: "object" },
          cache_control: { type: "ephemeral" },
        },
        { type: "web_search_20250305", name: "web_search", max_uses: 3 },
      ],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    },
    want: {
      tools: [
        { name: "weather", description: "Weather", parameters: schema, strict: true },
        { name: "calc", parameters: { type: "object" } },
      ],
      tool_choice: { type: "required" },
      parallel_tool_calls: false,
      extra: {
        anthropic: {
          server_tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 3 }],
          carried_fields: [{ path: "tools.1", fields: { cache_control: { type: "ephemeral" } } }],
        },
      },
    },
  },
  {
    name: "tool_choice tool / auto / none",
    body: { ...base, messages: [user("Q")], tool_choice: { type: "tool", name: "weather" } },
    want: { tool_choice: { type: "tool", name: "weather" } },
  },
  {
    name: "tool_choice auto with parallel allowed",
    body: { ...base, messages: [user("Q")], tool_choice: { type: "auto", disable_parallel_tool_use: false } },
    want: { tool_choice: { type: "auto" }, parallel_tool_calls: true },
  },
  {
    name: "tool_choice none",
    body: { ...base, messages: [user("Q")], tool_choice: { type: "none" } },
    want: { tool_choice: { type: "none" } },
  },
  {
    name: "thinking budget, metadata contract, unknown top-level fields carried",
    body: {
      ...base,
      messages: [user("Q")],
      thinking: { type: "enabled", budget_tokens: 2048 },
      metadata: { user_id: "u-1", tenant: "acme", workflow: "triage", ticket: 7 },
      service_tier: "auto",
      container: "c-1",
    },
    want: {
      reasoning: { budget_tokens: 2048 },
      user: "u-1",
      metadata: { tenant: "acme", workflow: "triage", ticket: 7 },
      extra: { anthropic: { service_tier: "auto", container: "c-1" } },
    },
  },
  {
    name: "adaptive thinking carried; output_config effort and json format mapped",
    body: {
      ...base,
      messages: [user("Q")],
      thinking: { type: "adaptive" },
      output_config: { effort: "high", format: { type: "json_schema", schema } },
    },
    want: {
      reasoning: { effort: "high" },
      response_format: { type: "json_schema", json_schema: { name: "output", schema } },
      extra: { anthropic: { thinking: { type: "adaptive" } } },
    },
  },
];

describe("parseAnthropicRequest: top-level fields", () => {
  it.each(valid)("$name", ({ body, want }) => {
    const got = parseAnthropicRequest(body);
    expect(got).toMatchObject(want);
    // Fields a case does not name must not appear out of nowhere.
    for (const key of ["extra", "tools", "tool_choice", "reasoning", "metadata", "user"] as const) {
      if (!(key in want)) expect(got[key]).toBeUndefined();
    }
  });

  it("maps the full basic case exactly", () => {
    expect(parseAnthropicRequest({ ...base, messages: [{ role: "user", content: "Hi" }] })).toEqual({
      model: "claude-x",
      max_tokens: 100,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      stream: false,
    });
  });
});

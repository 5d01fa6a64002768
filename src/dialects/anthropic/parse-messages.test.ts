import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../canonical/chat.js";
import { parseAnthropicRequest } from "./parse-request.js";

const base = { model: "claude-x", max_tokens: 100 };
const user = (text: string) => ({ role: "user", content: [{ type: "text", text }] });

interface ValidCase {
  name: string;
  body: Record<string, unknown>;
  want: Partial<ChatRequest>;
}

const valid: ValidCase[] = [
  {
    name: "system text blocks keep cache_control",
    body: {
      ...base,
      system: [
        { type: "text", text: "Rules." },
        { type: "text", text: "Long doc.", cache_control: { type: "ephemeral" } },
      ],
      messages: [user("Q")],
    },
    want: {
      messages: [
        {
          role: "system",
          content: [
            { type: "text", text: "Rules." },
            { type: "text", text: "Long doc.", cache_control: { type: "ephemeral" } },
          ],
        },
        { role: "user", content: [{ type: "text", text: "Q" }] },
      ],
    },
  },
  {
    name: "assistant thinking + text + tool_use, then tool_result mixed with text",
    body: {
      ...base,
      messages: [
        user("Weather in Paris and Rome?"),
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "Two calls.", signature: "sig-1" },
            { type: "redacted_thinking", data: "opaque" },
            { type: "text", text: "Checking." },
            { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Paris" } },
            { type: "tool_use", id: "toolu_2", name: "weather", input: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "18C" },
            {
              type: "tool_result",
              tool_use_id: "toolu_2",
              is_error: true,
              content: [{ type: "text", text: "no data" }],
            },
            { type: "text", text: "And tomorrow?" },
          ],
        },
      ],
    },
    want: {
      messages: [
        { role: "user", content: [{ type: "text", text: "Weather in Paris and Rome?" }] },
        {
          role: "assistant",
          content: [
            { type: "thinking", text: "Two calls.", signature: "sig-1" },
            { type: "thinking", text: "", signature: "opaque", redacted: true },
            { type: "text", text: "Checking." },
          ],
          tool_calls: [
            { id: "toolu_1", name: "weather", arguments: '{"city":"Paris"}' },
            { id: "toolu_2", name: "weather", arguments: "{}" },
          ],
        },
        { role: "tool", tool_call_id: "toolu_1", content: [{ type: "text", text: "18C" }] },
        {
          role: "tool",
          tool_call_id: "toolu_2",
          content: [{ type: "text", text: "no data" }],
          is_error: true,
        },
        { role: "user", content: [{ type: "text", text: "And tomorrow?" }] },
      ],
    },
  },
  {
    name: "a user message of only tool results yields only tool messages",
    body: {
      ...base,
      messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "t1" }] }],
    },
    want: { messages: [{ role: "tool", tool_call_id: "t1", content: [] }] },
  },
  {
    name: "images (base64, url) and documents",
    body: {
      ...base,
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBO" } },
            { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
            {
              type: "document",
              title: "a.pdf",
              source: { type: "base64", media_type: "application/pdf", data: "JVBE" },
            },
            { type: "document", source: { type: "text", media_type: "text/plain", data: "hi" } },
          ],
        },
      ],
    },
    want: {
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { kind: "base64", media_type: "image/png", data: "iVBO" } },
            { type: "image", source: { kind: "url", url: "https://example.com/a.png" } },
            {
              type: "file",
              file: {
                filename: "a.pdf",
                file_data: "data:application/pdf;base64,JVBE",
                anthropic: {
                  type: "document",
                  title: "a.pdf",
                  source: { type: "base64", media_type: "application/pdf", data: "JVBE" },
                },
              },
            },
            {
              type: "file",
              file: {
                file_data: "data:text/plain;base64,aGk=",
                anthropic: {
                  type: "document",
                  source: { type: "text", media_type: "text/plain", data: "hi" },
                },
              },
            },
          ],
        },
      ],
    },
  },
  {
    name: "blocks without canonical form are carried by request path",
    body: {
      ...base,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Q", citations: null },
            { type: "search_result", source: "s", title: "t", content: [] },
            { type: "image", source: { type: "file", file_id: "file_1" } },
          ],
        },
      ],
    },
    want: {
      messages: [{ role: "user", content: [{ type: "text", text: "Q" }] }],
      extra: {
        anthropic: {
          carried_blocks: [
            {
              path: "messages.0.content.1",
              block: { type: "search_result", source: "s", title: "t", content: [] },
            },
            {
              path: "messages.0.content.2",
              block: { type: "image", source: { type: "file", file_id: "file_1" } },
            },
          ],
          carried_fields: [{ path: "messages.0.content.0", fields: { citations: null } }],
        },
      },
    },
  },
];

describe("parseAnthropicRequest: system, messages and content blocks", () => {
  it.each(valid)("$name", ({ body, want }) => {
    const got = parseAnthropicRequest(body);
    expect(got).toMatchObject(want);
    // Fields a case does not name must not appear out of nowhere.
    for (const key of ["extra", "tools", "tool_choice", "reasoning", "metadata", "user"] as const) {
      if (!(key in want)) expect(got[key]).toBeUndefined();
    }
  });
});

import { describe, expect, it } from "vitest";
import { GatewayError } from "../../canonical/errors.js";
import { parseAnthropicRequest } from "./parse-request.js";

const base = { model: "claude-x", max_tokens: 100 };
const user = (text: string) => ({ role: "user", content: [{ type: "text", text }] });

interface InvalidCase {
  name: string;
  body: unknown;
  param: string | null;
  message?: RegExp;
}

const invalid: InvalidCase[] = [
  { name: "not an object", body: [1], param: null, message: /JSON object/ },
  { name: "missing max_tokens", body: { model: "m", messages: [user("Q")] }, param: "max_tokens" },
  { name: "missing model", body: { max_tokens: 1, messages: [user("Q")] }, param: "model" },
  { name: "no messages", body: { ...base, messages: [] }, param: "messages" },
  {
    name: "unknown block type",
    body: { ...base, messages: [user("a"), { role: "assistant", content: [{ type: "txt", text: "b" }] }] },
    param: "messages.1.content.0.type",
    message: /Invalid discriminator/,
  },
  {
    name: "text block without text",
    body: { ...base, messages: [{ role: "user", content: [{ type: "text" }] }] },
    param: "messages.0.content.0.text",
  },
  {
    name: "content of the wrong type",
    body: { ...base, messages: [{ role: "user", content: 5 }] },
    param: "messages.0.content",
    message: /expected string or array/,
  },
  {
    name: "bad role",
    body: { ...base, messages: [{ role: "tool", content: "x" }] },
    param: "messages.0.role",
  },
  {
    name: "bad image source",
    body: { ...base, messages: [{ role: "user", content: [{ type: "image", source: { type: "ftp" } }] }] },
    param: "messages.0.content.0.source.type",
  },
  {
    name: "bad image media type",
    body: {
      ...base,
      messages: [
        {
          role: "user",
          content: [{ type: "image", source: { type: "base64", media_type: "image/bmp", data: "x" } }],
        },
      ],
    },
    param: "messages.0.content.0.source.media_type",
  },
  {
    name: "tool_use in a user message",
    body: {
      ...base,
      messages: [{ role: "user", content: [{ type: "tool_use", id: "t", name: "n", input: {} }] }],
    },
    param: "messages.0.content.0.type",
    message: /not allowed in user messages/,
  },
  {
    name: "tool_result in an assistant message",
    body: {
      ...base,
      messages: [{ role: "assistant", content: [{ type: "tool_result", tool_use_id: "t" }] }],
    },
    param: "messages.0.content.0.type",
  },
  {
    name: "tool_use input not an object",
    body: {
      ...base,
      messages: [{ role: "assistant", content: [{ type: "tool_use", id: "t", name: "n", input: "x" }] }],
    },
    param: "messages.0.content.0.input",
  },
  {
    name: "temperature above 1",
    body: { ...base, messages: [user("Q")], temperature: 1.5 },
    param: "temperature",
  },
  { name: "max_tokens zero", body: { ...base, max_tokens: 0, messages: [user("Q")] }, param: "max_tokens" },
  {
    name: "tool without input_schema",
    body: { ...base, messages: [user("Q")], tools: [{ name: "t" }] },
    param: "tools.0.input_schema",
  },
  {
    name: "bad tool_choice type",
    body: { ...base, messages: [user("Q")], tool_choice: { type: "required" } },
    param: "tool_choice.type",
  },
  {
    name: "tool_choice tool without name",
    body: { ...base, messages: [user("Q")], tool_choice: { type: "tool" } },
    param: "tool_choice.name",
  },
  {
    name: "thinking enabled without budget",
    body: { ...base, messages: [user("Q")], thinking: { type: "enabled" } },
    param: "thinking.budget_tokens",
  },
  {
    name: "metadata.user_id not a string",
    body: { ...base, messages: [user("Q")], metadata: { user_id: 5 } },
    param: "metadata.user_id",
  },
  {
    name: "contract key not a string",
    body: { ...base, messages: [user("Q")], metadata: { tenant: { id: 1 } } },
    param: "metadata.tenant",
  },
  {
    name: "stop_sequences not strings",
    body: { ...base, messages: [user("Q")], stop_sequences: [1] },
    param: "stop_sequences.0",
  },
];

describe("parseAnthropicRequest: invalid bodies", () => {
  it.each(invalid)("$name → 400 at $param", ({ body, param, message }) => {
    let caught: unknown;
    try {
      parseAnthropicRequest(body);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    const err = caught as GatewayError;
    expect(err.status).toBe(400);
    expect(err.kind).toBe("invalid_request");
    expect(err.param).toBe(param);
    if (param) expect(err.message.startsWith(`${param}: `)).toBe(true);
    if (message) expect(err.message).toMatch(message);
  });
});

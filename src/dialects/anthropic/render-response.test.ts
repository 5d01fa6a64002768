import { describe, expect, it } from "vitest";
import type { ChatResponse, Choice, FinishReason } from "../../canonical/chat.js";
import { renderAnthropicMessage } from "./render-response.js";

function response(choice: Partial<Choice>, extra: Partial<ChatResponse> = {}): ChatResponse {
  return {
    id: "chatcmpl-1",
    model: "gpt-x",
    created: 1,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: [{ type: "text", text: "Hi" }] },
        finish_reason: "stop",
        ...choice,
      },
    ],
    ...extra,
  };
}

describe("renderAnthropicMessage", () => {
  it("renders text, prefixes the id and excludes cached tokens from input_tokens", () => {
    const res = response(
      {},
      { usage: { input_tokens: 100, output_tokens: 7, cached_tokens: 60, cache_write_tokens: 30 } },
    );
    expect(renderAnthropicMessage(res)).toEqual({
      id: "msg_chatcmpl-1",
      type: "message",
      role: "assistant",
      model: "gpt-x",
      content: [{ type: "text", text: "Hi" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 7,
        cache_read_input_tokens: 60,
        cache_creation_input_tokens: 30,
      },
    });
  });

  it("keeps an id that already starts with msg_ and zero usage when none is known", () => {
    const out = renderAnthropicMessage(response({}, { id: "msg_abc" }));
    expect(out.id).toBe("msg_abc");
    expect(out.usage).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
  });

  it("renders thinking, redacted thinking, text and tool_use (bad arguments become {})", () => {
    const res = response({
      message: {
        role: "assistant",
        content: [
          { type: "thinking", text: "hmm", signature: "sig" },
          { type: "thinking", text: "", signature: "opaque", redacted: true },
          { type: "text", text: "Calling." },
        ],
        tool_calls: [
          { id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
          { id: "call_2", name: "weather", arguments: '{"city":"Ro' },
          { id: "call_3", name: "noop", arguments: "" },
          { id: "call_4", name: "list", arguments: "[1]" },
        ],
      },
      finish_reason: "tool_calls",
      raw_finish_reason: "tool_calls",
    });
    const out = renderAnthropicMessage(res);
    expect(out.content).toEqual([
      { type: "thinking", thinking: "hmm", signature: "sig" },
      { type: "redacted_thinking", data: "opaque" },
      { type: "text", text: "Calling." },
      { type: "tool_use", id: "call_1", name: "weather", input: { city: "Paris" } },
      { type: "tool_use", id: "call_2", name: "weather", input: {} },
      { type: "tool_use", id: "call_3", name: "noop", input: {} },
      { type: "tool_use", id: "call_4", name: "list", input: {} },
    ]);
    expect(out.stop_reason).toBe("tool_use");
  });

  it("renders an OpenAI-style refusal as text", () => {
    const res = response({
      message: { role: "assistant", content: [], refusal: "I can't help with that." },
      finish_reason: "content_filter",
    });
    const out = renderAnthropicMessage(res);
    expect(out.content).toEqual([{ type: "text", text: "I can't help with that." }]);
    expect(out.stop_reason).toBe("refusal");
  });

  const stops: Array<[FinishReason, string | undefined, string | null | undefined, string, string | null]> = [
    ["stop", undefined, undefined, "end_turn", null],
    ["stop", "stop", "END", "stop_sequence", "END"],
    ["stop", "stop_sequence", "END", "stop_sequence", "END"],
    ["stop", "stop_sequence", null, "end_turn", null],
    ["length", "length", undefined, "max_tokens", null],
    ["length", "MAX_TOKENS", undefined, "max_tokens", null],
    ["tool_calls", undefined, undefined, "tool_use", null],
    ["content_filter", "SAFETY", undefined, "refusal", null],
    ["other", "pause_turn", undefined, "pause_turn", null],
    ["other", "whatever", undefined, "end_turn", null],
    ["error", undefined, undefined, "end_turn", null],
    ["stop", "end_turn", undefined, "end_turn", null],
  ];
  it.each(stops)("finish %s (raw %s, stop_sequence %s) → %s", (reason, raw, seq, want, wantSeq) => {
    const out = renderAnthropicMessage(
      response(
        { finish_reason: reason, ...(raw ? { raw_finish_reason: raw } : {}) },
        seq !== undefined ? { stop_sequence: seq } : {},
      ),
    );
    expect(out.stop_reason).toBe(want);
    expect(out.stop_sequence).toBe(wantSeq);
  });

  it("renders an empty message when the response has no choices", () => {
    const out = renderAnthropicMessage({ id: "x", model: "m", created: 0, choices: [] });
    expect(out.content).toEqual([]);
    expect(out.stop_reason).toBe("end_turn");
  });
});

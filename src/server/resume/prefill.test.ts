import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../canonical/chat.js";
import { prefillRequest } from "./prefill.js";

const user = { role: "user" as const, content: [{ type: "text" as const, text: "Write a poem" }] };
const base: ChatRequest = { model: "chat", stream: true, messages: [user] };

describe("the continuation request", () => {
  it("adds the partial answer as a final assistant message, trailing whitespace left out", () => {
    const p = prefillRequest(base, "Roses are red,\n", "claude-haiku-4-5");
    expect(p).toMatchObject({ prefilled: true, trimmed: true });
    expect(p.request.messages).toEqual([
      user,
      { role: "assistant", content: [{ type: "text", text: "Roses are red," }] },
    ]);
    // The original request is left as it was.
    expect(base.messages).toHaveLength(1);
  });

  it("does not trim what needs no trimming", () => {
    expect(prefillRequest(base, "Roses", "m").trimmed).toBe(false);
  });

  it("extends the client's own prefill instead of adding a second assistant turn", () => {
    const req: ChatRequest = {
      ...base,
      messages: [user, { role: "assistant", content: [{ type: "text", text: "Here it is:" }] }],
    };
    const p = prefillRequest(req, " Roses are red", "m");
    expect(p.request.messages).toEqual([
      user,
      { role: "assistant", content: [{ type: "text", text: "Here it is: Roses are red" }] },
    ]);
  });

  it("lowers max_tokens by what was streamed, never below 1", () => {
    const req = { ...base, max_tokens: 10 };
    // A model without a known tokenizer counts characters / 4: 16 characters are 4 tokens.
    expect(prefillRequest(req, "abcdefghijklmnop", "claude-haiku-4-5").request.max_tokens).toBe(6);
    expect(prefillRequest(req, "x".repeat(400), "claude-haiku-4-5").request.max_tokens).toBe(1);
    expect(prefillRequest(base, "abcd", "m").request.max_tokens).toBeUndefined();
  });

  it("only whitespace sent: a plain retry of the original request", () => {
    const p = prefillRequest(base, " \n", "m");
    expect(p).toEqual({ request: base, prefilled: false, trimmed: true });
    expect(prefillRequest(base, "", "m")).toEqual({ request: base, prefilled: false, trimmed: false });
  });
});

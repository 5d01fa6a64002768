import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { PartialAnswer, requestRefusal } from "./partial-answer.js";

const req = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: "m",
  stream: true,
  messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  ...extra,
});

const text = (t: string, choice = 0): ChatChunk => ({ type: "text-delta", choice, text: t });

describe("which requests can never be resumed", () => {
  it.each<[string, Partial<ChatRequest>, RegExp | undefined]>([
    ["a plain request", {}, undefined],
    ["n: 1", { n: 1 }, undefined],
    ["n: 2", { n: 2 }, /n > 1/],
    ["logprobs", { logprobs: true }, /log probabilities/],
    ["top_logprobs", { top_logprobs: 2 }, /log probabilities/],
    ["JSON mode", { response_format: { type: "json_object" } }, /structured output/],
    ["a JSON schema", { response_format: { type: "json_schema", json_schema: { name: "x" } } }, /structured/],
    ["plain text format", { response_format: { type: "text" } }, undefined],
    ["reasoning on", { reasoning: { effort: "high" } }, /reasoning/],
    ["a thinking budget", { reasoning: { budget_tokens: 2048 } }, /reasoning/],
    ["reasoning off", { reasoning: { effort: "none" } }, undefined],
    ["tools offered but not called", { tools: [{ name: "f" }] }, undefined],
  ])("%s", (_, extra, refused) => {
    const why = requestRefusal(req(extra));
    if (refused) expect(why).toMatch(refused);
    else expect(why).toBeUndefined();
  });
});

describe("what a partial answer allows", () => {
  it("plain text of choice 0 can be continued, and is kept in order", () => {
    const p = new PartialAnswer(req());
    for (const c of [
      { type: "start", id: "x", model: "m", created: 1 } as ChatChunk,
      text("Hel"),
      text("lo "),
    ])
      p.see(c);
    p.see({ type: "usage", usage: { input_tokens: 1, output_tokens: 1 } });
    expect(p.why()).toBeUndefined();
    expect(p.text()).toBe("Hello ");
  });

  it.each<[string, ChatChunk, RegExp]>([
    ["a tool call start", { type: "tool-call-start", choice: 0, index: 0, id: "c", name: "f" }, /tool call/],
    ["tool arguments", { type: "tool-call-delta", choice: 0, index: 0, arguments: "{" }, /tool call/],
    ["thinking", { type: "thinking-delta", choice: 0, text: "hmm" }, /reasoning/],
    ["log probabilities", { type: "logprobs", choice: 0, logprobs: { content: [] } }, /log probabilities/],
    ["a second choice", text("x", 1), /more than one choice/],
    ["a finish", { type: "finish", choice: 0, reason: "stop" }, /finished/],
  ])("%s ends it", (_, chunk, refused) => {
    const p = new PartialAnswer(req());
    p.see(text("Hi "));
    p.see(chunk);
    p.see(text("more"));
    expect(p.why()).toMatch(refused);
  });

  it("a request-level refusal holds whatever is streamed", () => {
    const p = new PartialAnswer(req({ n: 3 }));
    p.see(text("Hi"));
    expect(p.why()).toMatch(/n > 1/);
  });
});

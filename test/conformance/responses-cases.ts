/**
 * Cases only the Responses table has: the streamed events' documented order, seen on an answer
 * with two tool calls (every stream's order is also checked by the client, `responses-events.ts`),
 * and `reasoning.effort` reaching each provider in its own field.
 */
import { expect } from "vitest";
import { DEFAULT_ANSWER } from "../emulators/plan.js";
import { TIME_TOOL, WEATHER_TOOL } from "./ask.js";
import { answered, type Case } from "./cases.js";

const ONLY_RESPONSES = {
  dialects: ["responses" as const],
  reason: "its typed output items and events are the Responses API's own",
};

/** Whether a body has a key naming reasoning or thinking, at any depth. */
function hasReasoningField(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  return Object.entries(v).some(([k, x]) => /reasoning|thinking/i.test(k) || hasReasoningField(x));
}

export const RESPONSES_CASES: Case[] = [
  {
    id: "responses-events",
    title: "output items and streamed events in the documented order",
    only: ONLY_RESPONSES,
    ask: (n) => ({
      tools: [WEATHER_TOOL, TIME_TOOL],
      messages: [{ role: "user", text: `[[scenario:parallel-tool-calls]] Weather and time? ${n}` }],
    }),
    check: ({ out, stream }) => {
      const a = answered(out);
      // Text a provider says before its calls (Cohere's tool plan) is a message item ahead of them.
      expect(a.items!.join(",")).toMatch(/^(reasoning,)*(message,)?function_call,function_call$/);
      if (!stream) return;
      const count = (type: string) => a.events!.filter((t) => t === type).length;
      expect(a.events!.slice(0, 2)).toEqual(["response.created", "response.in_progress"]);
      expect(a.events!.at(-1)).toBe("response.completed");
      expect(count("response.output_item.added")).toBe(a.items!.length);
      expect(count("response.function_call_arguments.done")).toBe(2);
    },
  },
  {
    id: "reasoning",
    title: "reasoning effort (`reasoning.effort`, in the provider's own field)",
    only: {
      dialects: ["responses"],
      reason: "the other dialects ask for reasoning in their own fields (`reasoning_effort`, `thinking`)",
    },
    ask: (n) => ({ reasoning: "low", messages: [{ role: "user", text: `Think, then say hello ${n}` }] }),
    check: (c) => {
      expect(answered(c.out).text).toBe(DEFAULT_ANSWER);
      // OpenAI `reasoning`/`reasoning_effort`, Anthropic `thinking`, Gemini `thinkingConfig`,
      // Nova `reasoningConfig`, Cohere `thinking`: each its own name, none of them dropped.
      expect(hasReasoningField(c.received()?.body)).toBe(true);
    },
  },
];

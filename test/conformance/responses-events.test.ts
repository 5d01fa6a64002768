/** The Responses stream grammar the conformance client checks every stream against. */
import { describe, expect, it } from "vitest";
import { eventOrderProblem } from "./responses-events.js";

const r = (...names: string[]) => names.map((n) => `response.${n}`);
const TEXT = r(
  "output_item.added",
  "content_part.added",
  "output_text.delta",
  "output_text.delta",
  "output_text.done",
  "content_part.done",
  "output_item.done",
);
const CALL = r(
  "output_item.added",
  "function_call_arguments.delta",
  "function_call_arguments.done",
  "output_item.done",
);
const REASONING = r(
  "output_item.added",
  "reasoning_summary_part.added",
  "reasoning_summary_text.delta",
  "reasoning_summary_text.done",
  "reasoning_summary_part.done",
  "output_item.done",
);
const START = r("created", "in_progress");

describe("eventOrderProblem", () => {
  it.each([
    ["text", [...START, ...TEXT, ...r("completed")]],
    ["reasoning, text, two calls", [...START, ...REASONING, ...TEXT, ...CALL, ...CALL, ...r("completed")]],
    ["an incomplete end", [...START, ...TEXT, ...r("incomplete")]],
    ["an error mid-way", [...START, ...TEXT.slice(0, 3), "error"]],
  ])("accepts %s", (_, types) => expect(eventOrderProblem(types)).toBeUndefined());

  it.each([
    ["no created first", [...r("in_progress"), ...TEXT, ...r("completed")]],
    ["a delta after its item is done", [...START, ...TEXT, ...r("output_text.delta", "completed")]],
    ["interleaved calls", [...START, ...CALL.slice(0, 2), ...CALL, ...CALL.slice(2), ...r("completed")]],
    ["no end", [...START, ...TEXT]],
    ["an error after the end", [...START, ...TEXT, ...r("completed"), "error"]],
    ["an undocumented event", [...START, ...r("output_text.wobble", "completed")]],
  ])("refuses %s", (_, types) => expect(eventOrderProblem(types)).toBeDefined());
});

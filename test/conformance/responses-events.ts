/**
 * The order the Responses API streams its typed events in, as OpenAI's streaming reference
 * documents it (https://platform.openai.com/docs/api-reference/responses-streaming): the response
 * is created (then in progress), each output item is added, streams its content and is done, and
 * the response ends `completed` or `incomplete` — or an `error` event ends the stream early.
 * Each event type is one letter, so the grammar is one regular expression.
 */

const LETTER: Record<string, string> = {
  "response.created": "C",
  "response.in_progress": "P",
  "response.output_item.added": "A",
  "response.content_part.added": "a",
  "response.output_text.delta": "t",
  "response.output_text.annotation.added": "n",
  "response.output_text.done": "T",
  "response.refusal.delta": "u",
  "response.refusal.done": "U",
  "response.content_part.done": "z",
  "response.function_call_arguments.delta": "f",
  "response.function_call_arguments.done": "F",
  "response.reasoning_summary_part.added": "r",
  "response.reasoning_summary_text.delta": "s",
  "response.reasoning_summary_text.done": "S",
  "response.reasoning_summary_part.done": "R",
  "response.output_item.done": "D",
  "response.completed": "E",
  "response.incomplete": "E",
};

/** Message parts (text or refusal), a function call's arguments, or reasoning summary parts. */
const ITEM = "A(?:(?:a(?:[tn]*T|u*U)z)*|f*F|(?:rs*SR)*)D";
const COMPLETE = new RegExp(`^CP?(?:${ITEM})*E$`);

/** What is wrong with a stream's event order, or undefined when it follows the grammar. */
export function eventOrderProblem(types: readonly string[]): string | undefined {
  if (types[0] !== "response.created") return `the first event is ${types[0]}, not response.created`;
  if (types.at(-1) === "error") {
    const ended = types.some((t) => LETTER[t] === "E");
    return ended ? "an error event follows the response's end" : undefined;
  }
  const unknown = types.find((t) => LETTER[t] === undefined);
  if (unknown) return `undocumented event ${unknown}`;
  const word = types.map((t) => LETTER[t]).join("");
  return COMPLETE.test(word) ? undefined : `events out of the documented order: ${types.join(", ")}`;
}

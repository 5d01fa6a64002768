/**
 * What an emulated model answers, independent of wire format. Each provider's emulator extracts a
 * `PromptView` from its own request format, asks `planAnswer` what to say, and renders the plan in
 * its own JSON and stream framing. Deterministic, so tests can assert exact outputs.
 */

/** The facts of a request the plan depends on, extracted by each provider emulator. */
export interface PromptView {
  /** Role of the last message (`user`, `assistant`, `tool`). A tool result counts as `tool`. */
  lastRole: string;
  /** Text of the last user message (scenario markers are read from here). */
  lastUserText: string;
  /** Names of the tools offered, in order. */
  tools: string[];
  /** `auto`, `none`, `required`, or a tool name. */
  toolChoice?: string;
  maxTokens?: number;
  stop?: string[];
  /** Structured output asked for (JSON mode or a schema). */
  json?: boolean;
  /** Approximate input token count (the emulator's own: 1 token per 4 characters of text). */
  inputTokens: number;
  /** Upstream model name. */
  model: string;
  /**
   * The text of a final assistant message, where the provider continues it (Claude's prefill):
   * the answer then goes on from it instead of starting over.
   */
  prefill?: string;
}

export interface PlannedToolCall {
  id: string;
  name: string;
  /** The arguments JSON, already cut into the small deltas a stream sends. */
  argumentDeltas: string[];
}

export interface Plan {
  /** Text deltas, in order (joined they are the whole answer). */
  text: string[];
  toolCalls: PlannedToolCall[];
  finish: "stop" | "length" | "tool_calls" | "content_filter" | "stop_sequence";
  stopSequence?: string;
  usage: { input: number; output: number; cachedRead: number; cacheWrite: number; reasoning: number };
}

/** Scenario marker in the prompt text, e.g. `[[scenario:tool-call]]`. */
const MARKER = /\[\[scenario:([a-z0-9-]+)\]\]/;

/** The scenario a request asks for: the `x-emulator-scenario` header, else a marker in the prompt. */
export function scenarioOf(header: string | string[] | undefined, prompt: string): string {
  const h = Array.isArray(header) ? header[0] : header;
  if (h) return h;
  return MARKER.exec(prompt)?.[1] ?? "default";
}

/** Cuts a string into pieces of at most `size` characters. */
export function cut(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export const DEFAULT_ANSWER = "Hello! I am an emulated model. How can I help you today?";

/** Decides the answer. Tool calls happen when tools are offered, tool_choice allows, and the user spoke last. */
export function planAnswer(view: PromptView, scenario: string): Plan {
  const usage = { input: view.inputTokens, output: 0, cachedRead: 0, cacheWrite: 0, reasoning: 0 };
  if (scenario === "cache-usage") Object.assign(usage, { cachedRead: 8, cacheWrite: 4 });
  if (scenario === "reasoning-usage") usage.reasoning = 5;
  // A forced choice (`required` or a tool's name) calls a tool even in the `text` scenario, so a
  // test can tell whether the choice reached the provider.
  const forced = view.toolChoice !== undefined && !["auto", "none"].includes(view.toolChoice);
  const wantsTool =
    view.tools.length > 0 &&
    view.toolChoice !== "none" &&
    view.lastRole === "user" &&
    (scenario !== "text" || forced);
  const noArgs = scenario === "tool-call-no-args";
  if (wantsTool || noArgs || scenario === "tool-call" || scenario === "parallel-tool-calls") {
    const names = view.tools.length ? view.tools : ["get_weather"];
    const chosen = view.toolChoice && names.includes(view.toolChoice) ? view.toolChoice : names[0]!;
    const count = scenario === "parallel-tool-calls" ? 2 : 1;
    const cities = ["Paris", "Tokyo"];
    const toolCalls: PlannedToolCall[] = [];
    for (let i = 0; i < count; i++) {
      const name = scenario === "parallel-tool-calls" ? (names[i] ?? chosen) : chosen;
      const args = JSON.stringify({ location: cities[i], unit: "celsius" });
      // A tool without parameters: providers stream no argument bytes at all (Anthropic's
      // `input: {}` with one empty partial_json), which is what `tool-call-no-args` plays.
      toolCalls.push({ id: `call_emu_${i + 1}`, name, argumentDeltas: noArgs ? [] : cut(args, 5) });
    }
    usage.output = 12 * count + usage.reasoning;
    return { text: [], toolCalls, finish: "tool_calls", usage };
  }
  let answer = DEFAULT_ANSWER;
  if (view.lastRole === "tool") answer = "The weather in Paris is 18 degrees and sunny.";
  if (view.json) answer = JSON.stringify({ answer: "hello", confidence: 0.9 });
  if (scenario === "chunks-16") answer = Array.from({ length: 16 }, (_, i) => `tok${i} `).join("");
  if (scenario === "echo") answer = view.lastUserText.replace(MARKER, "").trim() || DEFAULT_ANSWER;
  // A prefill of the answer is continued where it stops, as a model would (whitespace the
  // provider made the client trim off is generated again).
  if (view.prefill !== undefined && answer.startsWith(view.prefill.trimEnd()))
    answer = answer.slice(view.prefill.trimEnd().length);
  let finish: Plan["finish"] = "stop";
  let stopSequence: string | undefined;
  let text = scenario === "chunks-16" ? cut(answer, 5) : words(answer);
  if (scenario === "length" || (view.maxTokens !== undefined && view.maxTokens < text.length)) {
    text = text.slice(0, Math.max(1, Math.min(view.maxTokens ?? 3, 3)));
    finish = "length";
  } else if (scenario === "content-filter") {
    text = text.slice(0, 2);
    finish = "content_filter";
  } else if (view.stop?.length) {
    const stop = view.stop.find((s) => answer.includes(s));
    if (stop) {
      text = words(answer.slice(0, answer.indexOf(stop)));
      finish = "stop_sequence";
      stopSequence = stop;
    }
  }
  usage.output = text.length + usage.reasoning;
  return { text, toolCalls: [], finish, ...(stopSequence ? { stopSequence } : {}), usage };
}

/**
 * Splits text into word deltas that keep their spaces (a continued prefill's leading one too, as
 * a model streams it), so joining them restores the text.
 */
function words(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

/** Rough token count used by every emulator for `inputTokens`. */
export function approxTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * The conformance cases: what is asked (dialect-neutral, with `[[scenario:NAME]]` markers picking
 * the emulator's behaviour) and what every provider must answer, in either client dialect, streamed
 * or not. Error cases live in `error-cases.ts`.
 */
import { expect } from "vitest";
import { DEFAULT_ANSWER } from "../emulators/plan.js";
import type { RecordedRequest } from "../emulators/server.js";
import { type Answer, type Ask, type Outcome, TIME_TOOL, WEATHER_TOOL } from "./ask.js";
import type { ConformanceTarget } from "./targets.js";

export type Dialect = "openai" | "anthropic" | "responses";

export interface CheckInput {
  out: Outcome;
  target: ConformanceTarget;
  dialect: Dialect;
  stream: boolean;
  /** The upstream request the emulator recorded for this call. */
  received: () => RecordedRequest | undefined;
}

export interface Case {
  id: string;
  /** What the row of the matrix says. */
  title: string;
  /** Model variant: `bad` is the provider configured with credentials the emulator refuses. */
  variant?: "bad";
  /** Only these client dialects can express the case (with the reason for the others). */
  only?: { dialects: Dialect[]; reason: string };
  ask(nonce: string, dialect: Dialect): Omit<Ask, "model" | "stream">;
  check(c: CheckInput): void;
}

const PARIS = { location: "Paris", unit: "celsius" };
const TOKYO = { location: "Tokyo", unit: "celsius" };
export const SYSTEM_PROMPT = "You are a terse assistant for the conformance suite.";
const JSON_ANSWER = { answer: "hello", confidence: 0.9 };
/** A 1×1 transparent PNG. */
const PNG_1PX =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const IMAGE_URL = "https://upload.example.com/conformance/cat.png";

/** Asserts a success, with usage (every response and every stream must carry it). */
export function answered(out: Outcome): Answer {
  if (!out.ok) throw new Error(`expected an answer, got ${out.status} ${out.code ?? ""}: ${out.message}`);
  expect(out.usage, "usage").toBeDefined();
  expect(out.usage!.input).toBeGreaterThan(0);
  expect(out.usage!.output).toBeGreaterThan(0);
  return out;
}

const user = (text: string) => ({ role: "user" as const, text });

/** Each dialect's own finish value: `finish_reason`, `stop_reason`, `incomplete_details.reason`. */
const RAW_FINISH: Record<Dialect, { length: string; content_filter: string }> = {
  openai: { length: "length", content_filter: "content_filter" },
  anthropic: { length: "max_tokens", content_filter: "refusal" },
  responses: { length: "max_output_tokens", content_filter: "content_filter" },
};

function expectCalls(a: Answer, calls: Array<[string, unknown]>): void {
  expect(a.finish).toBe("tool_calls");
  expect(a.toolCalls.map((t) => [t.name, JSON.parse(t.args) as unknown])).toEqual(calls);
  for (const t of a.toolCalls) expect(t.id).not.toBe("");
  expect(new Set(a.toolCalls.map((t) => t.id)).size).toBe(calls.length);
}

function expectText(c: CheckInput, text: string): Answer {
  const a = answered(c.out);
  expect(a.text).toBe(text);
  expect(a.toolCalls).toEqual([]);
  return a;
}

export const CASES: Case[] = [
  {
    id: "chat",
    title: "plain chat",
    ask: (n) => ({ messages: [user(`Hello ${n}`)] }),
    check: (c) => expect(expectText(c, DEFAULT_ANSWER).finish).toBe("stop"),
  },
  {
    id: "multi-turn",
    title: "multi-turn conversation",
    ask: (n) => ({
      messages: [
        user("Hi, remember the word 'heron'."),
        { role: "assistant", text: "Noted: heron." },
        user(`[[scenario:echo]] Which word? ${n}`),
      ],
    }),
    check: (c) => {
      expect(answered(c.out).text).toMatch(/^Which word\? /);
      expect(JSON.stringify(c.received()?.body)).toContain("Noted: heron.");
    },
  },
  {
    id: "system",
    title: "system prompt (in the provider's place)",
    ask: (n) => ({ system: SYSTEM_PROMPT, messages: [user(`Hello ${n}`)] }),
    check: (c) => {
      expectText(c, DEFAULT_ANSWER);
      const sent = c.received();
      const body = sent?.body as Record<string, unknown>;
      // On OpenAI's own Responses API (passthrough) the prompt stays the `instructions` field.
      const place = sent?.path.endsWith("/responses") ? body.instructions : c.target.systemPlace(body);
      expect(JSON.stringify(place ?? null)).toContain(SYSTEM_PROMPT);
    },
  },
  {
    id: "tool-call",
    title: "one tool call",
    ask: (n) => ({ tools: [WEATHER_TOOL], messages: [user(`Weather in Paris? ${n}`)] }),
    check: (c) => expectCalls(answered(c.out), [["get_weather", PARIS]]),
  },
  {
    id: "parallel-tool-calls",
    title: "parallel tool calls (arguments in many deltas)",
    ask: (n) => ({
      tools: [WEATHER_TOOL, TIME_TOOL],
      messages: [user(`[[scenario:parallel-tool-calls]] Weather and time? ${n}`)],
    }),
    check: (c) => {
      const a = answered(c.out);
      expectCalls(a, [
        ["get_weather", PARIS],
        ["get_time", TOKYO],
      ]);
      if (c.stream && !c.target.wholeToolCalls) expect(a.argumentDeltas).toBeGreaterThan(4);
    },
  },
  {
    id: "tool-result",
    title: "tool results sent back",
    ask: (n) => ({
      tools: [WEATHER_TOOL],
      messages: [
        user(`Weather in Paris? ${n}`),
        { role: "assistant", toolCalls: [{ id: "call_weather_1", name: "get_weather", args: PARIS }] },
        { role: "tool", id: "call_weather_1", content: '{"temperature":18,"sky":"sunny"}' },
      ],
    }),
    check: (c) => {
      const a = expectText(c, "The weather in Paris is 18 degrees and sunny.");
      expect(a.finish).toBe("stop");
      expect(JSON.stringify(c.received()?.body)).toContain("temperature");
    },
  },
  {
    id: "tool-choice-none",
    title: "tool_choice none",
    ask: (n) => ({ tools: [WEATHER_TOOL], toolChoice: "none", messages: [user(`Weather in Paris? ${n}`)] }),
    check: (c) => expectText(c, DEFAULT_ANSWER),
  },
  {
    id: "tool-choice-auto",
    title: "tool_choice auto",
    ask: (n) => ({ tools: [WEATHER_TOOL], toolChoice: "auto", messages: [user(`Weather in Paris? ${n}`)] }),
    check: (c) => expectCalls(answered(c.out), [["get_weather", PARIS]]),
  },
  {
    // `[[scenario:text]]` makes the emulated model prefer text: only a forced choice calls a tool.
    id: "tool-choice-required",
    title: "tool_choice required",
    ask: (n) => ({
      tools: [WEATHER_TOOL],
      toolChoice: "required",
      messages: [user(`[[scenario:text]] Weather in Paris? ${n}`)],
    }),
    check: (c) => expectCalls(answered(c.out), [["get_weather", PARIS]]),
  },
  {
    id: "tool-choice-named",
    title: "tool_choice naming a tool",
    ask: (n) => ({
      tools: [WEATHER_TOOL, TIME_TOOL],
      toolChoice: { name: "get_time" },
      messages: [user(`[[scenario:text]] Time in Paris? ${n}`)],
    }),
    check: (c) => expectCalls(answered(c.out), [["get_time", PARIS]]),
  },
  {
    id: "image-url",
    title: "image by URL",
    ask: (n) => ({
      messages: [{ role: "user", text: `What is this? ${n}`, image: { kind: "url", url: IMAGE_URL } }],
    }),
    check: (c) => {
      expectText(c, DEFAULT_ANSWER);
      expect(JSON.stringify(c.received()?.body)).toContain(IMAGE_URL);
    },
  },
  {
    id: "image-base64",
    title: "image as base64",
    ask: (n) => ({
      messages: [
        {
          role: "user",
          text: `What is this? ${n}`,
          image: { kind: "base64", mediaType: "image/png", data: PNG_1PX },
        },
      ],
    }),
    check: (c) => {
      expectText(c, DEFAULT_ANSWER);
      expect(JSON.stringify(c.received()?.body)).toContain(PNG_1PX.slice(0, 40));
    },
  },
  {
    id: "json-object",
    title: "JSON mode (json_object)",
    only: { dialects: ["openai", "responses"], reason: "the Messages API has no schema-less JSON mode" },
    ask: (n) => ({ json: "object", messages: [user(`Answer in JSON. ${n}`)] }),
    // JSON mode promises a JSON object, not its content (Claude's comes by the JSON tool).
    check: (c) => {
      const answer: unknown = JSON.parse(answered(c.out).text);
      expect(answer).toBeTypeOf("object");
      expect(Array.isArray(answer) || answer === null).toBe(false);
    },
  },
  {
    id: "json-schema",
    title: "structured output (json_schema)",
    ask: (n) => ({ json: "schema", messages: [user(`Answer in JSON. ${n}`)] }),
    check: (c) => expect(JSON.parse(answered(c.out).text)).toEqual(JSON_ANSWER),
  },
  {
    id: "stop-sequence",
    title: "stop sequences",
    only: { dialects: ["openai", "anthropic"], reason: "the Responses API has no stop sequences" },
    ask: (n) => ({ stop: ["emulated"], messages: [user(`Hello ${n}`)] }),
    check: (c) => {
      const a = answered(c.out);
      expect(a.text).toBe("Hello! I am an ");
      expect(a.finish).toBe("stop");
      expect(JSON.stringify(c.received()?.body)).toContain('"emulated"');
    },
  },
  {
    id: "max-tokens",
    title: "max tokens reached (length / max_tokens / incomplete: max_output_tokens)",
    // The Responses API takes at least 16 output tokens: a 16-token limit cuts a longer answer
    // (`chunks-16` has 18 pieces), which only happens when the limit reached the provider.
    ask: (n, dialect) =>
      dialect === "responses"
        ? { maxTokens: 16, messages: [user(`[[scenario:chunks-16]] Hello ${n}`)] }
        : { maxTokens: 3, messages: [user(`Hello ${n}`)] },
    check: (c) => {
      const a = answered(c.out);
      expect(a.text).toBe(c.dialect === "responses" ? "tok0 tok1 tok2 " : "Hello! I am ");
      expect(a.finish).toBe("length");
      expect(a.rawFinish).toBe(RAW_FINISH[c.dialect].length);
    },
  },
  {
    id: "content-filter",
    title: "content filtered",
    ask: (n) => ({ messages: [user(`[[scenario:content-filter]] Hello ${n}`)] }),
    check: (c) => {
      const a = answered(c.out);
      expect(a.finish).toBe("content_filter");
      expect(a.rawFinish).toBe(RAW_FINISH[c.dialect].content_filter);
    },
  },
  {
    id: "cache-usage",
    title: "usage: cached-read and cache-write tokens",
    ask: (n) => ({ messages: [user(`[[scenario:cache-usage]] Hello ${n}`)] }),
    check: ({ out, target, dialect }) => {
      const u = answered(out).usage!;
      if (target.reports.cachedRead) expect(u.cachedRead).toBe(8);
      // The OpenAI dialect has no cache-write field; the Anthropic one always has it.
      if (dialect === "anthropic") expect(u.cacheWrite).toBe(target.reports.cacheWrite ? 4 : 0);
      expect(u.input).toBeGreaterThanOrEqual(8 + (target.reports.cacheWrite ? 4 : 0) + 1);
    },
  },
  {
    id: "reasoning-usage",
    title: "usage: reasoning tokens",
    ask: (n) => ({ messages: [user(`[[scenario:reasoning-usage]] Hello ${n}`)] }),
    check: ({ out, dialect, target }) => {
      const u = answered(out).usage!;
      // The Messages API has no reasoning field: they are part of output_tokens there.
      if (dialect !== "anthropic" && target.reports.reasoning) expect(u.reasoning).toBe(5);
      expect(u.output).toBeGreaterThanOrEqual(5 + 12);
    },
  },
];

/**
 * Renders an answer plan as Gemini `GenerateContentResponse` JSON and as the
 * `streamGenerateContent?alt=sse` event stream (https://ai.google.dev/api/generate-content).
 * Shared by the AI Studio and Vertex AI emulators.
 */
import { type Plan, scenarioOf } from "../plan.js";
import type { ChatView, Frame, RouteMatch } from "../types.js";
import { alwaysThinks } from "./signatures.js";
import type { GeminiView } from "./view.js";

/** What the request asked for beyond the plan's view. */
export interface GeminiRenderOptions {
  /** `generationConfig.thinkingConfig.includeThoughts`: thought summaries are returned. */
  includeThoughts: boolean;
  /** The scenario (`prompt-blocked` is rendered here, not by the plan). */
  scenario: string;
  /** Vertex adds `createTime` and `trafficType`. */
  vertex: boolean;
  /** The model in the URL. */
  model: string;
}

/** Rendering options of a request (scenario from the header or the prompt marker). */
export function renderOptions(view: ChatView, match: RouteMatch, vertex: boolean): GeminiRenderOptions {
  return {
    includeThoughts: (view as GeminiView).includeThoughts === true,
    scenario: scenarioOf(match.headers["x-emulator-scenario"], view.lastUserText),
    vertex,
    model: view.model,
  };
}

/** The SSE content type Google answers with. */
export const GEMINI_SSE = "text/event-stream";

const FINISH: Record<Plan["finish"], string> = {
  stop: "STOP",
  stop_sequence: "STOP",
  tool_calls: "STOP",
  length: "MAX_TOKENS",
  content_filter: "SAFETY",
};

const RATINGS = (blocked: boolean) => [
  { category: "HARM_CATEGORY_SEXUALLY_EXPLICIT", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_HATE_SPEECH", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", ...(blocked ? { blocked: true } : {}) },
];

const THOUGHT = "**Answering the user**\n\nI should answer briefly and helpfully.";
/** A stand-in for Gemini's opaque, base64 thought signature. */
const SIGNATURE = "CiQBVKhc7emulatorThoughtSignature0123456789abcdef==";

let counter = 0;
/** Gemini response ids are 22-character base64url-ish strings. */
function responseId(): string {
  counter = (counter + 1) % 1e9;
  return `emu${String(counter).padStart(9, "0")}Gem1n1Rsp`.slice(0, 22);
}

function usageMetadata(plan: Plan, final: boolean, vertex: boolean): Record<string, unknown> {
  const prompt = plan.usage.input + plan.usage.cachedRead;
  const thoughts = plan.usage.reasoning;
  const candidates = Math.max(0, plan.usage.output - thoughts);
  return {
    promptTokenCount: prompt,
    ...(final ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: prompt + (final ? candidates + thoughts : 0),
    ...(plan.usage.cachedRead ? { cachedContentTokenCount: plan.usage.cachedRead } : {}),
    ...(vertex ? { trafficType: "ON_DEMAND" } : {}),
    ...(final ? { promptTokensDetails: [{ modality: "TEXT", tokenCount: prompt }] } : {}),
    ...(final && thoughts ? { thoughtsTokenCount: thoughts } : {}),
  };
}

function head(view: ChatView, o: GeminiRenderOptions, id: string): Record<string, unknown> {
  return {
    modelVersion: view.model,
    ...(o.vertex ? { createTime: new Date().toISOString() } : {}),
    responseId: id,
  };
}

/** The answer's parts, in order: thought summary, text, function calls; the signature rides on the first answer part. */
function parts(plan: Plan, o: GeminiRenderOptions, text: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (o.includeThoughts && plan.usage.reasoning) out.push({ text: THOUGHT, thought: true });
  for (const t of text) out.push({ text: t });
  for (const call of plan.toolCalls) {
    out.push({ functionCall: { name: call.name, args: JSON.parse(call.argumentDeltas.join("") || "{}") } });
  }
  const first = out.find((p) => !p.thought);
  if (plan.usage.reasoning && first) first.thoughtSignature = SIGNATURE;
  // why: Gemini 3 always thinks and signs the first function call of every step
  // (https://ai.google.dev/gemini-api/docs/thought-signatures), reasoning summary or not.
  const call = out.find((p) => p.functionCall);
  if (call && !call.thoughtSignature && alwaysThinks(o.model)) call.thoughtSignature = SIGNATURE;
  return out;
}

/**
 * `logprobsResult` for some answer text (https://ai.google.dev/api/generate-content#LogprobsResult),
 * one decoding step per word, with `top` alternatives; a made-up but stable probability.
 */
function logprobsResult(text: string[], top: number): Record<string, unknown> {
  const steps = text.map((token, i) => ({ token, tokenId: 1000 + i, logProbability: -0.25 }));
  return {
    topCandidates: steps.map((s) => ({
      candidates: [s, { token: "…", tokenId: 9, logProbability: -3.5 }].slice(0, Math.max(1, top)),
    })),
    chosenCandidates: steps,
    logProbabilitySum: -0.25 * steps.length,
  };
}

const logprobsOf = (view: ChatView, text: string[]) => {
  const top = (view as { topLogprobs?: number }).topLogprobs ?? 0;
  return view.logprobs ? { logprobsResult: logprobsResult(text, top) } : {};
};

function blocked(view: ChatView, plan: Plan, o: GeminiRenderOptions): Record<string, unknown> {
  return {
    promptFeedback: { blockReason: "SAFETY", safetyRatings: RATINGS(true) },
    usageMetadata: { promptTokenCount: plan.usage.input, totalTokenCount: plan.usage.input },
    ...head(view, o, responseId()),
  };
}

/** The non-streamed response. */
export function geminiJson(plan: Plan, view: ChatView, o: GeminiRenderOptions): unknown {
  if (o.scenario === "prompt-blocked") return blocked(view, plan, o);
  const filtered = plan.finish === "content_filter";
  // A SAFETY stop carries no content: what was generated before the block is withheld.
  const content = filtered ? undefined : { parts: parts(plan, o, [plan.text.join("")]), role: "model" };
  return {
    candidates: [
      {
        ...(content ? { content } : {}),
        finishReason: FINISH[plan.finish],
        ...(filtered ? { safetyRatings: RATINGS(true) } : {}),
        ...(content ? logprobsOf(view, plan.text) : {}),
        // AI Studio numbers candidates in whole responses; Vertex leaves the index out.
        ...(o.vertex ? {} : { index: 0 }),
      },
    ],
    usageMetadata: usageMetadata(plan, true, o.vertex),
    ...head(view, o, responseId()),
  };
}

/** The SSE stream: one event per text delta, function calls whole in one event, usage on each. */
export function geminiFrames(plan: Plan, view: ChatView, o: GeminiRenderOptions): Frame[] {
  const id = responseId();
  if (o.scenario === "prompt-blocked") return [frame({ ...blocked(view, plan, o), responseId: id })];
  const events: Record<string, unknown>[] = [];
  const candidate = (p: Record<string, unknown>[]) => ({ content: { role: "model", parts: p } });
  const filtered = plan.finish === "content_filter";
  const all = parts(plan, o, plan.text);
  // Thought summary first, then each text delta; function calls all arrive in the final event.
  const calls = all.filter((p) => p.functionCall);
  const rest = all.filter((p) => !p.functionCall);
  for (const p of rest) {
    const words = typeof p.text === "string" && !p.thought ? [p.text] : [];
    events.push({ candidates: [{ ...candidate([p]), ...(words.length ? logprobsOf(view, words) : {}) }] });
  }
  if (calls.length) events.push({ candidates: [candidate(calls)] });
  if (events.length === 0 || filtered) events.push({ candidates: [{}] });
  const last = events[events.length - 1]!;
  const lastCandidate = (last.candidates as Record<string, unknown>[])[0]!;
  lastCandidate.finishReason = FINISH[plan.finish];
  if (filtered) Object.assign(lastCandidate, { index: 0, safetyRatings: RATINGS(true) });
  return events.map((e, i) =>
    frame({
      ...e,
      usageMetadata: usageMetadata(plan, i === events.length - 1, o.vertex),
      ...head(view, o, id),
    }),
  );
}

/**
 * One SSE event as Google frames it: `data: ` + the JSON on one line + CRLF CRLF. Google's
 * serializer writes `"key": value` with a space after the colon and none after the comma.
 */
export function frame(value: unknown): string {
  return `data: ${googleJson(value)}\r\n\r\n`;
}

/** JSON in Google's one-line style: `{"a": 1,"b": [{"c": "d"}]}`. */
export function googleJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(googleJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${googleJson(v)}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * What the benchmark sends. Every scenario has the request a client sends to the upstream directly
 * (also what nginx and the Node floor forward unchanged) and the request a client sends to
 * Tollgate. They are the same bytes except in the translation scenarios, where the client speaks
 * OpenAI to Tollgate and Tollgate speaks Anthropic upstream (so "direct" is the Anthropic call).
 * Scenarios are chosen with the emulator's `[[scenario:NAME]]` prompt marker, which every hop
 * carries unchanged (a header would not survive Tollgate, which builds its own upstream headers).
 */

/** The Tollgate key of the governance variant; every hop ignores it or accepts it as a provider key. */
export const BENCH_KEY = "tg-bench-key-0001";

export interface BenchRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface Scenario {
  id: string;
  title: string;
  connections: number;
  stream: boolean;
  direct: BenchRequest;
  gateway: BenchRequest;
}

const HEADERS: Record<string, string> = {
  "content-type": "application/json",
  authorization: `Bearer ${BENCH_KEY}`,
  "x-api-key": BENCH_KEY,
  "anthropic-version": "2023-06-01",
};

const SYSTEM = "You are a concise assistant for a travel company. Answer in one short paragraph.";
const PROMPT = "Suggest one thing to do on a rainy afternoon in Paris, and say why it is worth it.";

function prompt(scenario?: string): string {
  return scenario ? `${PROMPT} [[scenario:${scenario}]]` : PROMPT;
}

function openai(model: string, stream: boolean, scenario?: string): BenchRequest {
  const body = {
    model,
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: prompt(scenario) },
    ],
    max_tokens: 256,
    temperature: 0.2,
    ...(stream ? { stream: true } : {}),
  };
  return { path: "/v1/chat/completions", body: JSON.stringify(body), headers: HEADERS };
}

function anthropic(model: string, stream: boolean, scenario?: string): BenchRequest {
  const body = {
    model,
    system: SYSTEM,
    messages: [{ role: "user", content: prompt(scenario) }],
    max_tokens: 256,
    temperature: 0.2,
    ...(stream ? { stream: true } : {}),
  };
  return { path: "/v1/messages", body: JSON.stringify(body), headers: HEADERS };
}

/** Upstream model names; the bench configs name Tollgate's models the same, so bodies match. */
export const OPENAI_MODEL = "gpt-4o-mini";
export const ANTHROPIC_MODEL = "claude-sonnet-4-5";

function same(req: BenchRequest): Pick<Scenario, "direct" | "gateway"> {
  return { direct: req, gateway: req };
}

export const SCENARIOS: Scenario[] = [
  {
    id: "chat-1c",
    title: "OpenAI chat, non-streamed, 1 connection",
    connections: 1,
    stream: false,
    ...same(openai(OPENAI_MODEL, false)),
  },
  {
    id: "chat-32c",
    title: "OpenAI chat, non-streamed, 32 connections",
    connections: 32,
    stream: false,
    ...same(openai(OPENAI_MODEL, false)),
  },
  {
    id: "stream-32c",
    title: "OpenAI chat, streamed (16 chunks), 32 connections",
    connections: 32,
    stream: true,
    ...same(openai(OPENAI_MODEL, true, "chunks-16")),
  },
  {
    id: "anthropic-32c",
    title: "Anthropic Messages dialect, non-streamed, 32 connections",
    connections: 32,
    stream: false,
    ...same(anthropic(ANTHROPIC_MODEL, false)),
  },
  {
    id: "translate-32c",
    title: "OpenAI client → Anthropic provider (translated), non-streamed, 32 connections",
    connections: 32,
    stream: false,
    direct: anthropic(ANTHROPIC_MODEL, false),
    gateway: openai(ANTHROPIC_MODEL, false),
  },
  {
    id: "translate-stream-32c",
    title: "OpenAI client → Anthropic provider (translated), streamed (16 chunks), 32 connections",
    connections: 32,
    stream: true,
    direct: anthropic(ANTHROPIC_MODEL, true, "chunks-16"),
    gateway: openai(ANTHROPIC_MODEL, true, "chunks-16"),
  },
  {
    id: "slow-50ms-32c",
    title: "Slow upstream (50 ms before answering), non-streamed, 32 connections",
    connections: 32,
    stream: false,
    ...same(openai(OPENAI_MODEL, false, "slow-50ms")),
  },
];

/** Streamed requests whose time to first token the probe measures (`tok0` is the first content). */
export const TTFT_SCENARIOS = ["stream-32c", "translate-stream-32c"];
export const FIRST_TOKEN_MARK = "tok0";

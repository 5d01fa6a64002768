/**
 * A dialect-neutral description of one conformance request (`Ask`) and of what came back
 * (`Answer`, `Failure`). Each client adapter turns an `Ask` into its SDK's call and folds the SDK's
 * response or stream back into an `Answer`, reading the usage from that dialect's own fields.
 */

export interface AskTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type AskMessage =
  | { role: "user"; text: string; image?: AskImage }
  | { role: "assistant"; text?: string; toolCalls?: Array<{ id: string; name: string; args: unknown }> }
  | { role: "tool"; id: string; content: string };

export type AskImage = { kind: "url"; url: string } | { kind: "base64"; mediaType: string; data: string };

export interface Ask {
  model: string;
  stream: boolean;
  system?: string;
  messages: AskMessage[];
  tools?: AskTool[];
  toolChoice?: "auto" | "none" | "required" | { name: string };
  json?: "object" | "schema";
  stop?: string[];
  maxTokens?: number;
  /** Reasoning effort (only the Responses client asks for it: `reasoning.effort`). */
  reasoning?: "low";
}

/** Token usage as the client dialect reported it, in canonical terms (input includes cache). */
export interface AnswerUsage {
  input: number;
  output: number;
  /** Undefined when the dialect's usage object did not carry the field. */
  cachedRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

export interface Answer {
  ok: true;
  text: string;
  toolCalls: Array<{ id: string; name: string; args: string }>;
  /** Unified: stop, length, tool_calls, content_filter (Anthropic `stop_sequence` → stop). */
  finish: string;
  /** The dialect's own value (`end_turn`, `stop`…). */
  rawFinish: string;
  stopSequence?: string | null;
  usage?: AnswerUsage;
  /** Number of tool-argument deltas the stream carried (0 when not streamed). */
  argumentDeltas: number;
  warning: string | null;
  /** Responses API only: the output items' types, in order. */
  items?: string[];
  /** Responses API only, streamed: the event types, in order. */
  events?: string[];
}

export interface Failure {
  ok: false;
  status: number;
  /** Tollgate's stable code (OpenAI `error.code`, Anthropic `error.details.error_code`). */
  code?: string;
  param?: string | null;
  message: string;
  retryAfter: string | null;
  /** The failure arrived inside a stream that had already started. */
  midStream: boolean;
}

export type Outcome = Answer | Failure;

export interface Client {
  dialect: "openai" | "anthropic" | "responses";
  send(ask: Ask): Promise<Outcome>;
}

export const WEATHER_TOOL: AskTool = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: {
    type: "object",
    properties: { location: { type: "string" }, unit: { type: "string" } },
    required: ["location"],
  },
};

export const TIME_TOOL: AskTool = {
  name: "get_time",
  description: "Local time in a city",
  parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
};

export const ANSWER_SCHEMA = {
  type: "object",
  properties: { answer: { type: "string" }, confidence: { type: "number" } },
  required: ["answer", "confidence"],
  additionalProperties: false,
};

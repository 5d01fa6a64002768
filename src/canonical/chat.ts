/**
 * Canonical chat types: a superset of the OpenAI Chat Completions request and response.
 * Every dialect parses into these and every provider encodes from them. Imports nothing.
 */

/** A part of a message's content. */
export type ContentPart =
  | { type: "text"; text: string; cache_control?: unknown }
  | {
      type: "image";
      /** Either an http(s) URL or base64 data with its media type. */
      source: { kind: "url"; url: string } | { kind: "base64"; media_type: string; data: string };
      detail?: "auto" | "low" | "high";
    }
  | { type: "audio"; format: string; data: string }
  | { type: "file"; file: Record<string, unknown> }
  /** Model reasoning; `signature` (Anthropic) must be sent back unchanged in later turns. */
  | { type: "thinking"; text: string; signature?: string; redacted?: boolean };

/** A tool call made by the assistant. `arguments` is the raw JSON text the model produced. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
  /**
   * Opaque signature of the reasoning behind this call (Gemini's `thoughtSignature`), to be sent
   * back unchanged with the call in later turns.
   */
  signature?: string;
}

export type Message =
  | { role: "system" | "developer"; content: ContentPart[]; name?: string }
  | { role: "user"; content: ContentPart[]; name?: string }
  | {
      role: "assistant";
      content: ContentPart[];
      tool_calls?: ToolCall[];
      name?: string;
      refusal?: string | null;
    }
  | { role: "tool"; tool_call_id: string; content: ContentPart[]; is_error?: boolean };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
}

export type ToolChoice =
  | { type: "auto" }
  | { type: "none" }
  | { type: "required" }
  | { type: "tool"; name: string };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean; description?: string };
    };

/**
 * The request contract (DESIGN.md): what the application says the request is for.
 * Routes, limits and usage records key on these.
 */
export interface RequestContract {
  tenant?: string;
  user?: string;
  workflow?: string;
  sensitivity?: string;
  latency_class?: string;
  budget_class?: string;
  trace_id?: string;
}

export interface ChatRequest {
  /** The model name the client asked for (a Tollgate model alias). */
  model: string;
  messages: Message[];
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  /** Maximum output tokens (OpenAI `max_completion_tokens`/`max_tokens`, Anthropic `max_tokens`). */
  max_tokens?: number;
  stop?: string[];
  seed?: number;
  n?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  logit_bias?: Record<string, number>;
  /** Reasoning effort (OpenAI) or thinking budget (Anthropic `thinking.budget_tokens`). */
  reasoning?: { effort?: string; budget_tokens?: number };
  user?: string;
  stream: boolean;
  /** The client asked for usage in the stream (OpenAI `stream_options.include_usage`). */
  stream_include_usage?: boolean;
  /** The request contract (from `x-tollgate-*` headers or the body's `metadata`). */
  metadata?: RequestContract & Record<string, unknown>;
  /**
   * Fields no canonical field holds, keyed by the dialect that sent them. Carried, not dropped:
   * a provider of the same dialect passes them through (e.g. `openai.service_tier`,
   * `anthropic.top_k`).
   */
  extra?: {
    openai?: Record<string, unknown>;
    anthropic?: Record<string, unknown>;
    responses?: Record<string, unknown>;
  };
}

/** Unified finish reasons; the provider's own value is kept beside it as `raw`. */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "error" | "other";

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  /** Input tokens read from the provider's prompt cache (included in input_tokens). */
  cached_tokens?: number;
  /** Input tokens written to the provider's prompt cache (included in input_tokens). */
  cache_write_tokens?: number;
  /** Output tokens spent on reasoning (included in output_tokens). */
  reasoning_tokens?: number;
  /** Where the numbers come from. */
  source?: "provider" | "estimated";
}

/** One token's log probability, in OpenAI's shape (`choices[].logprobs.content[]`). */
export interface TokenLogprob {
  token: string;
  logprob: number;
  /** UTF-8 bytes of the token, or null where the provider cannot say. */
  bytes: number[] | null;
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] | null }>;
}

/**
 * A choice's log probabilities. OpenAI's shape is the canonical one: providers map their native
 * forms (Cohere's `logprobs[]`, Gemini's `logprobsResult`) into it, so OpenAI clients can read them.
 */
export interface Logprobs {
  content: TokenLogprob[] | null;
  refusal?: TokenLogprob[] | null;
}

export interface Choice {
  index: number;
  message: Extract<Message, { role: "assistant" }>;
  finish_reason: FinishReason;
  /** The provider's own finish/stop reason, e.g. `end_turn`, `MAX_TOKENS`. */
  raw_finish_reason?: string;
  logprobs?: Logprobs;
}

export interface ChatResponse {
  id: string;
  /** The model that served the request, as the provider names it. */
  model: string;
  created: number;
  choices: Choice[];
  usage?: Usage;
  system_fingerprint?: string;
  /** The stop sequence that ended generation, where the provider reports it. */
  stop_sequence?: string | null;
}

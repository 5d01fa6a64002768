/**
 * OpenAI Chat Completions and Embeddings wire types, as published in
 * https://platform.openai.com/docs/api-reference/chat and
 * https://platform.openai.com/docs/api-reference/embeddings.
 * Only the fields Tollgate reads or writes are typed; everything else is carried untyped.
 * OpenAI-compatible servers (Azure, Mistral, vLLM, …) share these shapes with small differences
 * that the profiles in `profile.ts` describe.
 */

import type { Logprobs } from "../../canonical/chat.js";

export type OpenAIContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: "auto" | "low" | "high" } }
  | { type: "input_audio"; input_audio: { data: string; format: string } }
  | { type: "file"; file: Record<string, unknown> };

export interface OpenAIToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type OpenAIMessage =
  | { role: "system" | "developer"; content: string | OpenAIContentPart[]; name?: string }
  | { role: "user"; content: string | OpenAIContentPart[]; name?: string }
  | {
      role: "assistant";
      content: string | OpenAIContentPart[] | null;
      tool_calls?: OpenAIToolCall[];
      name?: string;
      refusal?: string;
    }
  | { role: "tool"; tool_call_id: string; content: string | OpenAIContentPart[] };

export interface OpenAITool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type OpenAIToolChoice = string | { type: "function"; function: { name: string } };

/** The request body (`POST /chat/completions`). Unknown fields from the client are spread in. */
export interface OpenAIChatRequest {
  model?: string;
  messages: OpenAIMessage[];
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  [key: string]: unknown;
}

export interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  /** DeepSeek: https://api-docs.deepseek.com/api/create-chat-completion */
  prompt_cache_hit_tokens?: number;
}

/**
 * Message content in a response: a string for OpenAI; Mistral's reasoning models send a list of
 * typed chunks (`text`, `thinking`), https://docs.mistral.ai/capabilities/reasoning/.
 */
export type OpenAIResponseContent =
  | string
  | null
  | Array<{ type: string; text?: string; thinking?: Array<{ type: string; text?: string }> }>;

export interface OpenAIResponseMessage {
  role?: string;
  content?: OpenAIResponseContent;
  refusal?: string | null;
  tool_calls?: OpenAIToolCall[] | null;
  /** DeepSeek / vLLM / LM Studio reasoning text. */
  reasoning_content?: string | null;
  /** Ollama / Groq / OpenRouter reasoning text. */
  reasoning?: string | null;
  [key: string]: unknown;
}

export interface OpenAIChatResponse {
  id: string;
  object?: string;
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: OpenAIResponseMessage;
    finish_reason: string | null;
    /** Already the canonical shape (the canonical one is OpenAI's). */
    logprobs?: Logprobs | null;
  }>;
  usage?: OpenAIUsage | null;
  system_fingerprint?: string | null;
}

export interface OpenAIToolCallDelta {
  index?: number;
  id?: string;
  type?: "function";
  function?: { name?: string; arguments?: string };
}

/** One `chat.completion.chunk` event of a stream. */
export interface OpenAIChatChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: {
      role?: string;
      content?: OpenAIResponseContent;
      refusal?: string | null;
      tool_calls?: OpenAIToolCallDelta[] | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
    };
    finish_reason?: string | null;
    /** Already the canonical shape (the canonical one is OpenAI's). */
    logprobs?: Logprobs | null;
  }>;
  usage?: OpenAIUsage | null;
  /** Groq puts stream usage here: https://console.groq.com/docs/api-reference#chat-create */
  x_groq?: { usage?: OpenAIUsage };
  error?: OpenAIErrorObject;
}

/** https://platform.openai.com/docs/guides/error-codes */
export interface OpenAIErrorObject {
  message?: string;
  type?: string | null;
  param?: string | null;
  code?: string | number | null;
  /** Azure content filter details. */
  innererror?: { code?: string; content_filter_result?: unknown };
}

export interface OpenAIEmbeddingsRequest {
  model?: string;
  input: string[] | number[][];
  encoding_format?: string;
  dimensions?: number;
  user?: string;
  [key: string]: unknown;
}

export interface OpenAIEmbeddingsResponse {
  object?: "list";
  model: string;
  data: Array<{ object?: "embedding"; index: number; embedding: number[] | string }>;
  usage?: { prompt_tokens?: number; total_tokens?: number };
}

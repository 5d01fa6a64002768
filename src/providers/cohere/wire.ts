/**
 * Cohere v2 wire types, as published in the API reference:
 * - Chat: https://docs.cohere.com/reference/chat
 * - Chat stream: https://docs.cohere.com/reference/chat-stream (events: https://docs.cohere.com/docs/streaming)
 * - Embed: https://docs.cohere.com/reference/embed
 * - Errors: https://docs.cohere.com/reference/errors
 */

export interface CohereTextContent {
  type: "text";
  text: string;
}

export interface CohereImageContent {
  type: "image_url";
  image_url: { url: string; detail?: "auto" | "low" | "high" };
}

export interface CohereThinkingContent {
  type: "thinking";
  thinking: string;
}

/** A tool result given as a document the model can cite (https://docs.cohere.com/docs/tool-use-overview). */
export interface CohereDocumentContent {
  type: "document";
  document: { data: string | Record<string, unknown>; id?: string };
}

export interface CohereToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type CohereMessage =
  | { role: "system"; content: string | CohereTextContent[] }
  | { role: "user"; content: string | Array<CohereTextContent | CohereImageContent> }
  | {
      role: "assistant";
      content?: string | Array<CohereTextContent | CohereThinkingContent>;
      tool_plan?: string;
      tool_calls?: CohereToolCall[];
    }
  | {
      role: "tool";
      tool_call_id: string;
      content: string | Array<CohereTextContent | CohereDocumentContent>;
    };

export interface CohereTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** `POST /v2/chat` body. */
export interface CohereChatRequest {
  model: string;
  messages: CohereMessage[];
  stream?: boolean;
  tools?: CohereTool[];
  strict_tools?: boolean;
  tool_choice?: "REQUIRED" | "NONE";
  response_format?: { type: "text" } | { type: "json_object"; json_schema?: Record<string, unknown> };
  max_tokens?: number;
  stop_sequences?: string[];
  temperature?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  k?: number;
  p?: number;
  logprobs?: boolean;
  thinking?: { type: "enabled" | "disabled"; token_budget?: number };
}

export type CohereFinishReason =
  | "COMPLETE"
  | "STOP_SEQUENCE"
  | "MAX_TOKENS"
  | "TOOL_CALL"
  | "ERROR"
  | "TIMEOUT"
  | (string & {});

export interface CohereUsage {
  billed_units?: { input_tokens?: number; output_tokens?: number };
  tokens?: { input_tokens?: number; output_tokens?: number; cached_tokens?: number };
  /** Prompt tokens served from Cohere's cache (a sibling of `tokens`, see `__fixtures__/responses/cached-usage.json`). */
  cached_tokens?: number;
}

/** `POST /v2/chat` response (non-streamed). Carries no `model` and no timestamp. */
export interface CohereChatResponse {
  id: string;
  message: {
    role: "assistant";
    content?: Array<{ type: string; text?: string; thinking?: string }>;
    tool_plan?: string;
    tool_calls?: CohereToolCall[];
    citations?: unknown[];
  };
  finish_reason: CohereFinishReason;
  usage?: CohereUsage;
  logprobs?: unknown[];
}

/** One stream event's `data` (the `event:` line repeats `type`). */
export interface CohereStreamEvent {
  type: string;
  id?: string;
  index?: number;
  delta?: {
    message?: {
      content?: { type?: string; text?: string; thinking?: string };
      tool_plan?: string;
      tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } };
    };
    finish_reason?: CohereFinishReason;
    usage?: CohereUsage;
    error?: string;
  };
  logprobs?: unknown;
}

/** `POST /v2/embed` body. */
export interface CohereEmbedRequest {
  model: string;
  texts: string[];
  input_type: string;
  embedding_types: Array<"float" | "base64">;
  output_dimension?: number;
}

/** `POST /v2/embed` response. */
export interface CohereEmbedResponse {
  id: string;
  embeddings: { float?: number[][]; base64?: string[] };
  texts?: string[];
  meta?: { api_version?: { version?: string }; billed_units?: { input_tokens?: number } };
  response_type?: string;
}

/** Cohere's error body: `{"id": "...", "message": "..."}` (`id` is sometimes absent). */
export interface CohereErrorBody {
  id?: string;
  message: string;
}

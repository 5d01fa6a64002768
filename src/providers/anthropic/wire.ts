/**
 * Wire types of the Anthropic Messages API: request (https://docs.anthropic.com/en/api/messages),
 * response, stream events (https://docs.anthropic.com/en/api/messages-streaming) and error bodies
 * (https://docs.anthropic.com/en/api/errors). Only the fields Tollgate reads or writes are typed;
 * upstream bodies are validated before use.
 */

export interface AnthropicTextBlock {
  type: "text";
  text: string;
  cache_control?: unknown;
}

export type AnthropicImageSource =
  | { type: "url"; url: string }
  | { type: "base64"; media_type: string; data: string };

export interface AnthropicImageBlock {
  type: "image";
  source: AnthropicImageSource;
}

export interface AnthropicDocumentBlock {
  type: "document";
  source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };
}

export interface AnthropicToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface AnthropicToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content?: Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
}

export interface AnthropicThinkingBlock {
  type: "thinking";
  thinking: string;
  signature: string;
}

export interface AnthropicRedactedThinkingBlock {
  type: "redacted_thinking";
  data: string;
}

/** A block of a request message's content. */
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  strict?: boolean;
}

export type AnthropicToolChoice =
  | { type: "auto"; disable_parallel_tool_use?: boolean }
  | { type: "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

/** Body of `POST /v1/messages`. Fields carried from `extra.anthropic` are spread in as they came. */
export interface AnthropicMessagesRequest {
  model: string;
  messages: AnthropicMessage[];
  max_tokens: number;
  system?: AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  thinking?: { type: "enabled"; budget_tokens: number } | Record<string, unknown>;
  metadata?: { user_id: string };
  /** Structured outputs (https://docs.claude.com/en/docs/build-with-claude/structured-outputs). */
  output_config?: { format?: { type: "json_schema"; schema: Record<string, unknown> } } & Record<
    string,
    unknown
  >;
  stream?: boolean;
  [extra: string]: unknown;
}

/** Usage of a response or of `message_start` / `message_delta` (delta fields are cumulative). */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number } | null;
}

/** A content block of a response (unknown server-tool blocks are possible, hence `type: string`). */
export type AnthropicResponseBlock =
  | AnthropicTextBlock
  | AnthropicToolUseBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | { type: string; [field: string]: unknown };

/** The `Message` object of a response. */
export interface AnthropicMessagesResponse {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/** `{"type":"error","error":{"type","message"}}` (https://docs.anthropic.com/en/api/errors). */
export interface AnthropicErrorBody {
  type: "error";
  error: { type: string; message: string };
  request_id?: string;
}

/**
 * Bedrock Runtime wire types: the Converse / ConverseStream request, response and stream events
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html), and the
 * InvokeModel bodies of the embedding models we serve.
 */

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html */
export interface BedrockImageBlock {
  format: "png" | "jpeg" | "gif" | "webp";
  source: { bytes: string } | { s3Location: { uri: string; bucketOwner?: string } };
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolResultContentBlock.html */
export type BedrockToolResultContent = { text: string } | { json: unknown } | { image: BedrockImageBlock };

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ReasoningContentBlock.html */
export type BedrockReasoningContent =
  | { reasoningText: { text: string; signature?: string } }
  | { redactedContent: string };

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html (a union). */
export type BedrockContentBlock =
  | { text: string }
  | { image: BedrockImageBlock }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | {
      toolResult: {
        toolUseId: string;
        content: BedrockToolResultContent[];
        status?: "success" | "error";
      };
    }
  | { reasoningContent: BedrockReasoningContent }
  | BedrockCachePoint;

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CachePointBlock.html */
export interface BedrockCachePoint {
  cachePoint: { type: "default"; ttl?: "5m" | "1h" };
}

export interface BedrockMessage {
  role: "user" | "assistant";
  content: BedrockContentBlock[];
}

export type BedrockSystemBlock = { text: string } | BedrockCachePoint;

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Tool.html */
export interface BedrockTool {
  toolSpec: {
    name: string;
    description?: string;
    inputSchema: { json: Record<string, unknown> };
    strict?: boolean;
  };
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html */
export type BedrockToolChoice =
  | { auto: Record<string, never> }
  | { any: Record<string, never> }
  | { tool: { name: string } };

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InferenceConfiguration.html */
export interface BedrockInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_OutputConfig.html */
export interface BedrockOutputConfig {
  textFormat: {
    type: "json_schema";
    structure: { jsonSchema: { schema: string; name?: string; description?: string } };
  };
}

/** The Converse / ConverseStream request body (the model id rides in the URL). */
export interface BedrockConverseRequest {
  messages: BedrockMessage[];
  system?: BedrockSystemBlock[];
  inferenceConfig?: BedrockInferenceConfig;
  toolConfig?: { tools: BedrockTool[]; toolChoice?: BedrockToolChoice };
  additionalModelRequestFields?: Record<string, unknown>;
  additionalModelResponseFieldPaths?: string[];
  outputConfig?: BedrockOutputConfig;
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html */
export interface BedrockTokenUsage {
  /** Input tokens NOT read from or written to the prompt cache (see usage.ts). */
  inputTokens: number;
  outputTokens: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax */
export interface BedrockConverseResponse {
  output?: { message?: { role: "assistant"; content: BedrockContentBlock[] } };
  stopReason: string;
  usage?: BedrockTokenUsage;
  metrics?: { latencyMs: number };
  additionalModelResponseFields?: Record<string, unknown>;
}

/** ConverseStream event payloads, keyed by `:event-type`. The service adds a `p` padding field. */
export interface BedrockStreamEvents {
  messageStart: { role: "assistant" };
  contentBlockStart: {
    contentBlockIndex: number;
    start?: { toolUse?: { toolUseId: string; name: string } };
  };
  contentBlockDelta: {
    contentBlockIndex: number;
    delta: {
      text?: string;
      toolUse?: { input: string };
      reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
    };
  };
  contentBlockStop: { contentBlockIndex: number };
  messageStop: { stopReason: string; additionalModelResponseFields?: Record<string, unknown> };
  metadata: { usage?: BedrockTokenUsage; metrics?: { latencyMs: number } };
}

/** Titan Text Embeddings (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html). */
export interface BedrockTitanEmbedRequest {
  inputText: string;
  dimensions?: number;
  normalize?: boolean;
}

export interface BedrockTitanEmbedResponse {
  embedding: number[];
  inputTextTokenCount: number;
}

/** Cohere Embed on Bedrock (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html). */
export interface BedrockCohereEmbedRequest {
  texts: string[];
  input_type: string;
  output_dimension?: number;
}

export interface BedrockCohereEmbedResponse {
  /** A list of float vectors, or `{float: [...]}` when `embedding_types` was sent. */
  embeddings: number[][] | { float?: number[][] };
  id?: string;
  response_type?: string;
  texts?: string[];
}

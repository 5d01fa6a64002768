/**
 * Gemini wire types (Google AI Studio `generateContent` and Vertex AI's Gemini endpoints share them).
 * Reference: https://ai.google.dev/api/generate-content and
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */

/** A part of a Gemini `Content` (https://ai.google.dev/api/caching#Part). */
export interface GeminiPart {
  text?: string;
  /** Set on thought-summary parts (https://ai.google.dev/gemini-api/docs/thinking). */
  thought?: boolean;
  /** Opaque signature of the model's reasoning; must be sent back on the same part. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: { id?: string; name: string; args?: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
  executableCode?: { language?: string; code: string };
  codeExecutionResult?: { outcome?: string; output?: string };
}

/** https://ai.google.dev/api/caching#Content */
export interface GeminiContent {
  role?: "user" | "model";
  parts: GeminiPart[];
}

/** The OpenAPI 3.0 schema subset Gemini accepts (https://ai.google.dev/api/caching#Schema). */
export type GeminiSchema = Record<string, unknown>;

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: GeminiSchema;
}

export interface GeminiTool {
  functionDeclarations?: GeminiFunctionDeclaration[];
  [other: string]: unknown;
}

/** https://ai.google.dev/api/caching#FunctionCallingConfig */
export interface GeminiToolConfig {
  functionCallingConfig: { mode: "AUTO" | "ANY" | "NONE"; allowedFunctionNames?: string[] };
}

/** https://ai.google.dev/api/generate-content#generationconfig */
export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  candidateCount?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: GeminiSchema;
  responseLogprobs?: boolean;
  logprobs?: number;
  /** `thinkingLevel` is Gemini 3's (https://ai.google.dev/gemini-api/docs/thinking#thinking-levels). */
  thinkingConfig?: {
    thinkingBudget?: number;
    thinkingLevel?: "minimal" | "low" | "medium" | "high";
    includeThoughts?: boolean;
  };
}

/** https://ai.google.dev/api/generate-content#request-body */
export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  safetySettings?: Array<{ category: string; threshold: string }>;
}

export interface GeminiSafetyRating {
  category: string;
  probability?: string;
  blocked?: boolean;
  [other: string]: unknown;
}

/** https://ai.google.dev/api/generate-content#candidate */
export interface GeminiCandidate {
  content?: GeminiContent;
  finishReason?: string;
  index?: number;
  safetyRatings?: GeminiSafetyRating[];
  logprobsResult?: unknown;
  avgLogprobs?: number;
  finishMessage?: string;
}

/** https://ai.google.dev/api/generate-content#UsageMetadata */
export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
}

/** https://ai.google.dev/api/generate-content#generatecontentresponse */
export interface GeminiGenerateContentResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string; safetyRatings?: GeminiSafetyRating[] };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  /** Vertex AI only: RFC 3339 time the request was received. */
  createTime?: string;
}

/** Google's error body (https://cloud.google.com/apis/design/errors#http_mapping). */
export interface GoogleErrorBody {
  error: {
    code?: number;
    message?: string;
    status?: string;
    details?: Array<{ "@type"?: string; reason?: string; retryDelay?: string; [k: string]: unknown }>;
  };
}

/** https://ai.google.dev/api/embeddings#method:-models.embedcontent */
export interface GeminiEmbedContentRequest {
  model?: string;
  content: GeminiContent;
  taskType?: string;
  outputDimensionality?: number;
}

/** https://ai.google.dev/api/embeddings#method:-models.batchembedcontents */
export interface GeminiBatchEmbedContentsRequest {
  requests: Array<GeminiEmbedContentRequest & { model: string }>;
}

export interface GeminiEmbedContentResponse {
  embedding: { values: number[] };
}

export interface GeminiBatchEmbedContentsResponse {
  embeddings: Array<{ values: number[] }>;
}

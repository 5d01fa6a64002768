/** Canonical embeddings request and response (OpenAI shape). */
export interface EmbeddingsRequest {
  model: string;
  /** Always a list here; a single string from the client becomes a list of one. */
  input: string[] | number[][];
  /** The client sent a single input (render `data` with one element either way). */
  single?: boolean;
  encoding_format?: "float" | "base64";
  dimensions?: number;
  /** Cohere/Gemini-style purpose hint: search_document, search_query, classification, clustering. */
  input_type?: string;
  user?: string;
  metadata?: Record<string, unknown>;
  extra?: { openai?: Record<string, unknown> };
}

export interface EmbeddingsResponse {
  model: string;
  /** One vector per input, in input order (or base64 strings when asked for). */
  data: Array<{ index: number; embedding: number[] | string }>;
  usage: { input_tokens: number; source?: "provider" | "estimated" };
}

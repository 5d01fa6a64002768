/**
 * Cohere Embed's `input_type` (https://docs.cohere.com/reference/embed): `search_document`,
 * `search_query`, `classification`, `clustering`, `image`. Shared by the direct Cohere provider and
 * Cohere Embed on Bedrock, which take the same values
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html).
 */

/**
 * Purpose hints other APIs use, mapped to Cohere's `input_type` (Gemini's task types). Values
 * already in Cohere's vocabulary, and unknown ones, are sent as they are.
 */
const INPUT_TYPES: Record<string, string> = {
  RETRIEVAL_DOCUMENT: "search_document",
  RETRIEVAL_QUERY: "search_query",
  CLASSIFICATION: "classification",
  CLUSTERING: "clustering",
};

/**
 * The `input_type` to send. Required by v3+ models; without a hint the input is embedded as
 * `search_document` (what an OpenAI client embedding a corpus means).
 */
export function toCohereInputType(hint: string | undefined): string {
  return hint ? (INPUT_TYPES[hint] ?? hint) : "search_document";
}

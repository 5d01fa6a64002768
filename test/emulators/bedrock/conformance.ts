/**
 * Bedrock's conformance columns, one per model family behind the Converse API (Claude and Nova),
 * signed with the emulator's test credentials.
 */
import {
  type ConformanceTarget,
  type Endpoints,
  type Json,
  key,
  NO_REASONING_COUNT,
} from "../../conformance/column.js";
import { chatProvider, type EmbeddingsTarget } from "../../conformance/embeddings-column.js";
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "./sigv4.js";

function bedrock(e: Endpoints, bad: boolean): Json {
  return {
    type: "bedrock",
    region: "us-east-1",
    access_key_id: key(bad, TEST_ACCESS_KEY_ID),
    secret_access_key: TEST_SECRET_ACCESS_KEY,
    base_url: e.all,
  };
}

const CONVERSE_UNSUPPORTED = [
  NO_REASONING_COUNT,
  {
    case: "image-url",
    reason: "Converse takes image bytes or S3 locations, not http(s) URLs (Tollgate does not fetch them)",
    param: "messages.content.image_url",
  },
];

const converse = (id: string, model: string): ConformanceTarget => ({
  id,
  provider: bedrock,
  target: { model },
  systemPlace: (b) => b.system,
  reports: { cachedRead: true, cacheWrite: true, reasoning: false },
  unsupported: CONVERSE_UNSUPPORTED,
});

export const BEDROCK_COLUMNS: ConformanceTarget[] = [
  converse("bedrock-claude", "anthropic.claude-3-5-sonnet-20240620-v1:0"),
  converse("bedrock-nova", "amazon.nova-pro-v1:0"),
];

/** The embeddings columns this emulator serves. */
export const BEDROCK_EMBEDDINGS: EmbeddingsTarget[] = [
  {
    id: "bedrock-titan",
    provider: chatProvider(BEDROCK_COLUMNS, "bedrock-claude"),
    target: { model: "amazon.titan-embed-text-v2:0" },
    width: 1024,
    sizeField: "dimensions",
    nativeBase64: false,
  },
  {
    id: "bedrock-cohere",
    provider: chatProvider(BEDROCK_COLUMNS, "bedrock-claude"),
    target: { model: "cohere.embed-english-v3" },
    width: 1024,
    sizeField: { unsupported: "Cohere Embed v3 has no output size (v4 takes `output_dimension`)" },
    nativeBase64: false,
  },
];

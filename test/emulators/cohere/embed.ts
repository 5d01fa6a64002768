/**
 * Emulated `POST /v2/embed` (https://docs.cohere.com/reference/embed): deterministic vectors, one
 * per text, as floats or base64 (little-endian float32), with Cohere's `meta.billed_units`.
 */
import { randomUUID } from "node:crypto";
import { approxTokens } from "../plan.js";
import { EmulatorBadRequest } from "../types.js";

const MAX_DIMENSION = 1536;
/** Cohere's embed-english-v3.0 width, used when `output_dimension` is not given. */
const DEFAULT_DIMENSION = 1024;

/** One precomputed base vector; each text gets a rotation of it (cheap, deterministic). */
const BASE = Array.from({ length: MAX_DIMENSION * 2 }, (_, i) => Math.round(Math.sin(i * 0.7) * 1e4) / 1e5);

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function vectorOf(text: string, dimension: number): number[] {
  const offset = hash(text) % MAX_DIMENSION;
  return BASE.slice(offset, offset + dimension);
}

function toBase64(v: number[]): string {
  return Buffer.from(new Float32Array(v).buffer).toString("base64");
}

/** `output_dimension`: embed-v4 and newer only, one of 256, 512, 1024, 1536. */
function checkOutputDimension(model: string, value: unknown): void {
  if (value === undefined) return;
  if (!/^embed-v[4-9]/.test(model)) {
    throw new EmulatorBadRequest(`invalid request: output_dimension is not supported for model '${model}'`);
  }
  if (![256, 512, 1024, 1536].includes(value as number)) {
    throw new EmulatorBadRequest("invalid request: output_dimension must be one of 256, 512, 1024, 1536");
  }
}

/** Renders the embed response for a request body. Throws EmulatorBadRequest like the API refuses. */
export function renderEmbed(body: unknown): unknown {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const texts = Array.isArray(b.texts) ? b.texts.map(String) : [];
  checkOutputDimension(String(b.model ?? ""), b.output_dimension);
  const dim = typeof b.output_dimension === "number" ? b.output_dimension : DEFAULT_DIMENSION;
  const types =
    Array.isArray(b.embedding_types) && b.embedding_types.length ? b.embedding_types.map(String) : ["float"];
  const vectors = texts.map((t) => vectorOf(t, dim));
  const embeddings: Record<string, unknown> = {};
  if (types.includes("float")) embeddings.float = vectors;
  if (types.includes("base64")) embeddings.base64 = vectors.map(toBase64);
  return {
    id: randomUUID(),
    texts,
    embeddings,
    meta: {
      api_version: { version: "2" },
      billed_units: { input_tokens: texts.reduce((n, t) => n + approxTokens(t), 0) },
    },
    response_type: "embeddings_by_type",
  };
}

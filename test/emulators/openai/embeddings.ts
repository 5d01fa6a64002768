/**
 * What OpenAI's embeddings endpoint checks and how it encodes
 * (https://platform.openai.com/docs/api-reference/embeddings/create): `encoding_format` is
 * `float` (the default) or `base64` (the vector's little-endian float32 bytes); `dimensions` is
 * a positive integer, and only the text-embedding-3 models take it. Mistral and Azure answer the
 * same way; the self-hosted servers (vLLM) too.
 */
import { EmulatorBadRequest } from "../types.js";

/** The requested encoding, refusing what the API refuses. */
export function embeddingEncoding(body: unknown): "float" | "base64" {
  const format = (body as { encoding_format?: unknown } | null)?.encoding_format;
  if (format === undefined || format === "float" || format === "base64") return format ?? "float";
  throw new EmulatorBadRequest(
    `${JSON.stringify(format)} is not one of ['float', 'base64'] - 'encoding_format'`,
  );
}

/** Refuses a `dimensions` the API refuses (ada-002 takes none; below 1 is invalid). */
export function checkDimensions(dimensions: unknown, model: string): void {
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new EmulatorBadRequest(
      `Invalid value for 'dimensions' = ${String(dimensions)}. Must be an integer greater than or equal to 1.`,
    );
  }
  if (/ada-002/.test(model))
    throw new EmulatorBadRequest("This model does not support specifying dimensions.");
}

/** OpenAI's base64 embedding: little-endian float32. */
export function float32Base64(v: number[]): string {
  const bytes = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) bytes.writeFloatLE(v[i]!, i * 4);
  return bytes.toString("base64");
}

/**
 * OpenAI embeddings: request → canonical, canonical → `list` of `embedding` objects.
 * https://platform.openai.com/docs/api-reference/embeddings
 */
import type { EmbeddingsRequest, EmbeddingsResponse } from "../../canonical/embeddings.js";
import { contractFrom } from "../contract.js";
import { asArray, asObject, asString, fail, optInteger, optString } from "./validate.js";

export function parseOpenAIEmbeddings(value: unknown): EmbeddingsRequest {
  const body = asObject(value, "body");
  const model = asString(body.model, "model");
  let input: string[] | number[][];
  let single = false;
  if (typeof body.input === "string") {
    input = [body.input];
    single = true;
  } else {
    const list = asArray(body.input, "input");
    if (list.length === 0) fail("input", "must not be empty.");
    if (list.every((x) => typeof x === "string")) input = list as string[];
    else if (list.every((x) => typeof x === "number")) {
      input = [list as number[]];
      single = true;
    } else if (list.every((x) => Array.isArray(x) && x.every((n) => typeof n === "number")))
      input = list as number[][];
    else fail("input", "expected a string, an array of strings, or token arrays.");
  }
  const req: EmbeddingsRequest = { model, input, single };
  const format = optString(body.encoding_format, "encoding_format");
  if (format !== undefined) {
    if (format !== "float" && format !== "base64") fail("encoding_format", "must be 'float' or 'base64'.");
    req.encoding_format = format;
  }
  const dimensions = optInteger(body.dimensions, "dimensions", 1);
  if (dimensions !== undefined) req.dimensions = dimensions;
  const user = optString(body.user, "user");
  if (user !== undefined) req.user = user;
  const inputType = optString(body.input_type, "input_type");
  if (inputType !== undefined) req.input_type = inputType;
  if (body.metadata && typeof body.metadata === "object")
    req.metadata = contractFrom(asObject(body.metadata, "metadata"));
  return req;
}

/**
 * Renders the response in the encoding the client asked for, whatever the provider answered:
 * `base64` is the vector's little-endian float32 bytes, as OpenAI sends them (and as the `openai`
 * SDK, which asks for base64 by default, decodes them); `float` (the API default) a JSON array.
 * OpenAI-family providers are asked for the client's encoding; translated ones answer floats.
 */
export function renderOpenAIEmbeddings(
  res: EmbeddingsResponse,
  encoding: EmbeddingsRequest["encoding_format"] = "float",
): unknown {
  const encode = encoding === "base64" ? toBase64Embedding : fromBase64Embedding;
  return {
    object: "list",
    data: res.data.map((d) => ({ object: "embedding", index: d.index, embedding: encode(d.embedding) })),
    model: res.model,
    usage: { prompt_tokens: res.usage.input_tokens, total_tokens: res.usage.input_tokens },
  };
}

/** A vector as OpenAI's base64: little-endian float32 bytes. A string is taken as already encoded. */
export function toBase64Embedding(v: number[] | string): string {
  if (typeof v === "string") return v;
  const bytes = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) bytes.writeFloatLE(v[i]!, i * 4);
  return bytes.toString("base64");
}

/** OpenAI's base64 (little-endian float32) back to numbers. An array is returned as it is. */
export function fromBase64Embedding(v: number[] | string): number[] {
  if (typeof v !== "string") return v;
  const bytes = Buffer.from(v, "base64");
  const out = new Array<number>(bytes.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

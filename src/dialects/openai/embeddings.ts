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

export function renderOpenAIEmbeddings(res: EmbeddingsResponse): unknown {
  return {
    object: "list",
    data: res.data.map((d) => ({ object: "embedding", index: d.index, embedding: d.embedding })),
    model: res.model,
    usage: { prompt_tokens: res.usage.input_tokens, total_tokens: res.usage.input_tokens },
  };
}

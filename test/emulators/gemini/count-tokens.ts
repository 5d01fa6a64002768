/**
 * `models.countTokens` on both Google APIs, checked as the real ones check it.
 * AI Studio (https://ai.google.dev/api/tokens#method:-models.counttokens): `contents` or
 * `generateContentRequest`, never both; the latter is a whole GenerateContentRequest whose
 * `model` (`models/{model}`) is required. Answer `{ totalTokens, promptTokensDetails }`.
 * Vertex AI (https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.publishers.models/countTokens):
 * `contents`, `systemInstruction`, `tools`, `generationConfig` (and `model`, `instances`) at the
 * top level; anything else is an unknown field. Answer `{ totalTokens, promptTokensDetails }`
 * (`totalBillableCharacters` is left out: Gemini 2 and later no longer bill by character). The contents themselves are checked like generateContent's (view.ts).
 */
import { EmulatorBadRequest, type RouteMatch } from "../types.js";
import { geminiChatView } from "./view.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const unknownField = (name: string): never => {
  throw new EmulatorBadRequest(`Invalid JSON payload received. Unknown name "${name}": Cannot find field.`);
};

const details = (n: number) => [{ modality: "TEXT", tokenCount: n }];

/** AI Studio's answer, or a throw the emulator renders as 400 INVALID_ARGUMENT. */
export function studioCountTokens(body: unknown, match: RouteMatch): unknown {
  if (!isObj(body)) throw new EmulatorBadRequest("Invalid JSON payload received. Expected an object.");
  for (const k of Object.keys(body)) if (k !== "contents" && k !== "generateContentRequest") unknownField(k);
  if ("contents" in body && "generateContentRequest" in body) {
    throw new EmulatorBadRequest("contents and generate_content_request are mutually exclusive.");
  }
  let request: Obj;
  if (isObj(body.generateContentRequest)) {
    const { model, ...rest } = body.generateContentRequest;
    if (typeof model !== "string" || !model.startsWith("models/")) {
      throw new EmulatorBadRequest(
        "* CountTokensRequest.generate_content_request.model: model is required, as models/{model}",
      );
    }
    request = rest;
  } else request = { contents: body.contents };
  const n = geminiChatView(request, match).inputTokens;
  return { totalTokens: n, promptTokensDetails: details(n) };
}

const VERTEX_FIELDS = new Set([
  "model",
  "instances",
  "contents",
  "systemInstruction",
  "tools",
  "generationConfig",
]);

/** Vertex AI's answer, or a throw the emulator renders as 400 INVALID_ARGUMENT. */
export function vertexGeminiCountTokens(body: unknown, match: RouteMatch): unknown {
  if (!isObj(body)) throw new EmulatorBadRequest("Invalid JSON payload received. Expected an object.");
  for (const k of Object.keys(body)) if (!VERTEX_FIELDS.has(k)) unknownField(k);
  const { model: _m, instances: _i, ...request } = body;
  const n = geminiChatView(request, match).inputTokens;
  return { totalTokens: n, promptTokensDetails: details(n) };
}

/**
 * The Gemini emulators' request check: refuses what the real API refuses (unknown fields, empty
 * contents, bad roles, schema keywords outside the OpenAPI subset), with Google's messages, so
 * that translation bugs surface as 400 INVALID_ARGUMENT. Then extracts the plan's view.
 * https://ai.google.dev/api/generate-content#request-body
 */
import { approxTokens } from "../plan.js";
import { type ChatView, EmulatorBadRequest, type RouteMatch } from "../types.js";
import { checkSignatures } from "./signatures.js";
import { checkThinking } from "./thinking.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const TOP_LEVEL = new Set([
  "contents",
  "tools",
  "toolConfig",
  "safetySettings",
  "systemInstruction",
  "generationConfig",
  "cachedContent",
  "labels",
]);
const GENERATION = new Set([
  "temperature",
  "topP",
  "topK",
  "maxOutputTokens",
  "stopSequences",
  "seed",
  "candidateCount",
  "presencePenalty",
  "frequencyPenalty",
  "responseMimeType",
  "responseSchema",
  "responseJsonSchema",
  "responseLogprobs",
  "logprobs",
  "thinkingConfig",
  "responseModalities",
  "mediaResolution",
  "speechConfig",
]);
const SCHEMA = new Set([
  "type",
  "format",
  "title",
  "description",
  "nullable",
  "enum",
  "maxItems",
  "minItems",
  "properties",
  "required",
  "minProperties",
  "maxProperties",
  "minLength",
  "maxLength",
  "pattern",
  "example",
  "anyOf",
  "propertyOrdering",
  "default",
  "items",
  "minimum",
  "maximum",
]);

/** Google's message for a field the proto does not have. */
const unknownField = (name: string, at: string): never => {
  throw new EmulatorBadRequest(
    `Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`,
  );
};
const bad = (message: string): never => {
  throw new EmulatorBadRequest(message);
};

/** The view plus what only Gemini's rendering needs. */
export interface GeminiView extends ChatView {
  /** `generationConfig.thinkingConfig.includeThoughts`. */
  includeThoughts: boolean;
  /** How many alternatives (`logprobs`) when `generationConfig.responseLogprobs` is set. */
  topLogprobs?: number;
}

/** Validates a `GenerateContentRequest` and returns what the answer plan needs. */
export function geminiChatView(body: unknown, match: RouteMatch): GeminiView {
  if (!isObj(body)) return bad("Invalid JSON payload received. Expected an object.");
  for (const k of Object.keys(body)) if (!TOP_LEVEL.has(k)) unknownField(k, "");
  if (!Array.isArray(body.contents) || body.contents.length === 0) {
    bad("* GenerateContentRequest.contents: contents is not specified");
  }
  const contents = (body.contents as unknown[]).filter(isObj);
  const text: string[] = [textOf(isObj(body.systemInstruction) ? body.systemInstruction : {})];
  for (const [i, c] of contents.entries()) {
    if (c.role !== undefined && c.role !== "user" && c.role !== "model") {
      bad(`Please use a valid role: user, model.`);
    }
    if (!Array.isArray(c.parts) || c.parts.length === 0) {
      bad(`* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`);
    }
    checkMimeTypes(c.parts as unknown[], i);
    text.push(textOf(c));
  }
  checkSignatures(match.params.model ?? "", contents);
  const tools = toolNames(body.tools);
  const g = isObj(body.generationConfig) ? body.generationConfig : {};
  for (const k of Object.keys(g)) if (!GENERATION.has(k)) unknownField(k, "generation_config");
  if (isObj(g.responseSchema)) checkSchema(g.responseSchema, "generation_config.response_schema");
  if (isObj(g.thinkingConfig)) checkThinking(match.params.model ?? "", g.thinkingConfig);
  const last = contents[contents.length - 1]!;
  const lastUser = [...contents].reverse().find((c) => c.role !== "model" && textOf(c));
  const isResult = (p: unknown) => isObj(p) && p.functionResponse !== undefined;
  const lastParts = Array.isArray(last.parts) ? last.parts : [];
  return {
    lastRole: last.role === "model" ? "assistant" : lastParts.some(isResult) ? "tool" : "user",
    lastUserText: lastUser ? textOf(lastUser) : "",
    tools,
    ...toolChoiceView(body.toolConfig),
    ...(typeof g.maxOutputTokens === "number" ? { maxTokens: g.maxOutputTokens } : {}),
    ...(Array.isArray(g.stopSequences) ? { stop: g.stopSequences as string[] } : {}),
    json: g.responseMimeType === "application/json",
    inputTokens: approxTokens(text.join("")),
    model: match.params.model ?? "gemini",
    stream: match.params.method === "streamGenerateContent",
    includeThoughts: isObj(g.thinkingConfig) && g.thinkingConfig.includeThoughts === true,
    ...(g.responseLogprobs === true
      ? { logprobs: true, topLogprobs: typeof g.logprobs === "number" ? g.logprobs : 0 }
      : {}),
  };
}

/**
 * Image types Gemini takes (https://ai.google.dev/gemini-api/docs/image-understanding); another
 * image type, `image/jpg` included, is "Unsupported MIME type".
 */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"]);

function checkMimeTypes(parts: unknown[], i: number): void {
  for (const p of parts) {
    const data = isObj(p) && isObj(p.inlineData) ? p.inlineData : undefined;
    const mime = typeof data?.mimeType === "string" ? data.mimeType : "";
    if (mime.startsWith("image/") && !IMAGE_TYPES.has(mime)) bad(`Unsupported MIME type: ${mime}`);
    if (data && !mime)
      bad(`* GenerateContentRequest.contents[${i}].parts: inline_data.mime_type is required`);
  }
}

function textOf(content: Obj): string {
  const parts = Array.isArray(content.parts) ? content.parts : [];
  return parts.map((p) => (isObj(p) && typeof p.text === "string" && !p.thought ? p.text : "")).join("");
}

function toolNames(tools: unknown): string[] {
  const names: string[] = [];
  for (const [i, t] of (Array.isArray(tools) ? tools : []).entries()) {
    if (!isObj(t)) continue;
    const decls = Array.isArray(t.functionDeclarations) ? t.functionDeclarations : [];
    for (const [j, d] of decls.entries()) {
      if (!isObj(d) || typeof d.name !== "string")
        return bad(`* GenerateContentRequest.tools[${i}].function_declarations[${j}].name: Name is empty.`);
      if (isObj(d.parameters))
        checkSchema(d.parameters, `tools[${i}].function_declarations[${j}].parameters`);
      names.push(d.name);
    }
  }
  return names;
}

/** Refuses JSON Schema keywords outside Gemini's OpenAPI subset, as the API does. */
function checkSchema(schema: Obj, at: string): void {
  for (const [k, v] of Object.entries(schema)) {
    if (!SCHEMA.has(k)) unknownField(k, at);
    if (k === "properties" && isObj(v)) {
      for (const [name, sub] of Object.entries(v))
        if (isObj(sub)) checkSchema(sub, `${at}.properties[${name}].value`);
    }
    if (k === "items" && isObj(v)) checkSchema(v, `${at}.items`);
  }
  if (schema.type === "object" && isObj(schema.properties) && Object.keys(schema.properties).length === 0) {
    bad(`* GenerateContentRequest.${at}.properties: should be non-empty for OBJECT type`);
  }
}

function toolChoiceView(toolConfig: unknown): Pick<ChatView, "toolChoice"> {
  const f =
    isObj(toolConfig) && isObj(toolConfig.functionCallingConfig)
      ? toolConfig.functionCallingConfig
      : undefined;
  if (!f) return {};
  const allowed = Array.isArray(f.allowedFunctionNames) ? (f.allowedFunctionNames as string[]) : [];
  if (f.mode === "NONE") return { toolChoice: "none" };
  if (f.mode === "ANY") return { toolChoice: allowed.length === 1 ? allowed[0]! : "required" };
  return { toolChoice: "auto" };
}

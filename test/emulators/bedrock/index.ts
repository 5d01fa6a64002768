/**
 * AWS Bedrock Runtime emulator: Converse (`/model/{id}/converse`), ConverseStream
 * (`/converse-stream`, AWS event-stream frames), InvokeModel embeddings (`/invoke`, Titan and
 * Cohere bodies) and CountTokens (`/count-tokens`, count-tokens.ts). Requests must carry a SigV4 `authorization`; access key `invalid` is refused, and
 * requests signed with the test key are verified against the test secret (sigv4.ts).
 */

import { checkClosedObjects } from "../anthropic/validate.js";
import { answerOrRefuse } from "../other-route.js";
import { approxTokens, type PromptView } from "../plan.js";
import { type ChatView, EmulatorBadRequest, type ProviderEmulator, type RouteMatch } from "../types.js";
import { checkClaudeThinking, claudeThinks } from "./claude-thinking.js";
import { bedrockCountTokens } from "./count-tokens.js";
import { bedrockError, converseJson, converseStreamFrames, type RenderOptions } from "./render.js";
import { parseAuthorization, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, verifySignature } from "./sigv4.js";

export { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "./sigv4.js";

type Json = Record<string, unknown>;
type BedrockView = ChatView & RenderOptions;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export const bedrockEmulator: ProviderEmulator = {
  name: "bedrock",
  routes: [
    { method: "POST", pattern: /^\/model\/(?<model>[^/]+)\/converse$/, op: "chat" },
    { method: "POST", pattern: /^\/model\/(?<model>[^/]+)\/converse-stream$/, op: "chat" },
    { method: "POST", pattern: /^\/model\/(?<model>[^/]+)\/invoke$/, op: "embeddings" },
    { method: "POST", pattern: /^\/model\/(?<model>[^/]+)\/count-tokens$/, op: "other" },
  ],

  checkAuth(match: RouteMatch) {
    const auth = parseAuthorization(headerOf(match, "authorization"));
    if (auth?.service !== "bedrock" || auth.accessKeyId === "invalid") return "auth";
    if (auth.accessKeyId !== TEST_ACCESS_KEY_ID) return undefined;
    return verifySignature(auth, TEST_SECRET_ACCESS_KEY, "POST", match.url, match.headers)
      ? undefined
      : "auth";
  },

  chatView(body: unknown, match: RouteMatch): BedrockView {
    if (!isObj(body) || !Array.isArray(body.messages) || body.messages.length === 0) {
      throw new EmulatorBadRequest(
        "1 validation error detected: Value at 'messages' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    }
    const messages = body.messages as Json[];
    validateMessages(messages, body);
    checkOutputSchema(body);
    checkCachePoints(body, messages);
    checkClaudeThinking(body, messages, decodeURIComponent(match.params.model ?? ""));
    const last = messages[messages.length - 1]!;
    const lastUser = [...messages].reverse().find((m) => m.role === "user");
    const toolConfig = isObj(body.toolConfig) ? body.toolConfig : undefined;
    const inference = isObj(body.inferenceConfig) ? body.inferenceConfig : {};
    const view: PromptView = {
      lastRole:
        last.role === "user" && blocks(last).some((b) => isObj(b.toolResult)) ? "tool" : String(last.role),
      lastUserText: lastUser ? textOf(blocks(lastUser)) : "",
      tools: toolNames(toolConfig),
      ...toolChoiceOf(toolConfig),
      ...(typeof inference.maxTokens === "number" ? { maxTokens: inference.maxTokens } : {}),
      ...(Array.isArray(inference.stopSequences) ? { stop: inference.stopSequences as string[] } : {}),
      json: isObj(body.outputConfig),
      inputTokens: approxTokens(textOf(systemBlocks(body)) + messages.map((m) => textOf(blocks(m))).join("")),
      model: decodeURIComponent(match.params.model ?? ""),
    };
    // Claude behind Converse continues a final assistant message (a prefill), as on Anthropic's
    // own API (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html).
    if (last.role === "assistant" && /(^|\.)anthropic\./.test(view.model))
      view.prefill = textOf(blocks(last));
    const paths = Array.isArray(body.additionalModelResponseFieldPaths)
      ? body.additionalModelResponseFieldPaths
      : [];
    return {
      ...view,
      stream: match.url.pathname.endsWith("/converse-stream"),
      wantsStopSequence: paths.includes("/stop_sequence"),
      ...(claudeThinks(body, view.model) ? { thinking: true } : {}),
    };
  },

  chatJson: (plan, view) => converseJson(plan, view as BedrockView),

  chatStream: (plan, view) => ({
    contentType: "application/vnd.amazon.eventstream",
    frames: converseStreamFrames(plan, view as BedrockView),
  }),

  embeddings(body: unknown, match: RouteMatch): unknown {
    const model = decodeURIComponent(match.params.model ?? "");
    const b = isObj(body) ? body : {};
    checkEmbedDimensions(model, b);
    if (model.includes("cohere.embed")) {
      checkCohereInputType(b);
      const texts = Array.isArray(b.texts) ? b.texts.map(String) : [];
      const dims = typeof b.output_dimension === "number" ? b.output_dimension : 1024;
      return {
        embeddings: texts.map((t) => vector(t, dims)),
        id: "emb-emulator-0001",
        response_type: "embeddings_floats",
        texts,
      };
    }
    const text = typeof b.inputText === "string" ? b.inputText : "";
    const dims = typeof b.dimensions === "number" ? b.dimensions : 1024;
    return { embedding: vector(text, dims), inputTextTokenCount: approxTokens(text) };
  },

  other: (body, match) =>
    answerOrRefuse(
      () => bedrockCountTokens(body, match, bedrockEmulator.chatView),
      (m) => bedrockError("bad_request", m),
    ),

  errorResponse: bedrockError,
};

/**
 * The sizes each model takes: Titan Text Embeddings V2 `dimensions` 256, 512 or 1024 (V1 none,
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html);
 * Cohere Embed v4 `output_dimension` 256, 512, 1024 or 1536 (v3 none). Anything else is a
 * ValidationException, as InvokeModel answers.
 */
function checkEmbedDimensions(model: string, b: Json): void {
  const [field, allowed] = model.includes("titan-embed-text-v2")
    ? ["dimensions", [256, 512, 1024]]
    : model.includes("cohere.embed-v4")
      ? ["output_dimension", [256, 512, 1024, 1536]]
      : [model.includes("cohere.embed") ? "output_dimension" : "dimensions", []];
  const value = b[field as string];
  if (value === undefined) return;
  if (allowed.length === 0)
    throw new EmulatorBadRequest(`Malformed input request: extraneous key [${field}] is not permitted`);
  if (!allowed.includes(value as number))
    throw new EmulatorBadRequest(
      `Malformed input request: #/${field}: ${JSON.stringify(value)} is not a valid enum value`,
    );
}

/**
 * Cohere Embed on Bedrock requires `input_type`, one of Cohere's values
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html); another
 * task vocabulary (Gemini's `RETRIEVAL_QUERY`) is a ValidationException.
 */
const COHERE_INPUT_TYPES = ["search_document", "search_query", "classification", "clustering", "image"];

function checkCohereInputType(b: Json): void {
  if (b.input_type === undefined)
    throw new EmulatorBadRequest("Malformed input request: #: required key [input_type] not found");
  if (!COHERE_INPUT_TYPES.includes(b.input_type as string))
    throw new EmulatorBadRequest(
      `Malformed input request: #/input_type: ${JSON.stringify(b.input_type)} is not a valid enum value`,
    );
}

function headerOf(match: RouteMatch, name: string): string | undefined {
  const v = match.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function blocks(m: Json): Json[] {
  return Array.isArray(m.content) ? (m.content.filter(isObj) as Json[]) : [];
}

function systemBlocks(body: Json): Json[] {
  return Array.isArray(body.system) ? (body.system.filter(isObj) as Json[]) : [];
}

function textOf(bs: Json[]): string {
  return bs.map((b) => (typeof b.text === "string" ? b.text : "")).join("");
}

function toolNames(toolConfig: Json | undefined): string[] {
  const tools = Array.isArray(toolConfig?.tools) ? (toolConfig.tools as unknown[]) : [];
  return tools.flatMap((t) => (isObj(t) && isObj(t.toolSpec) ? [String(t.toolSpec.name)] : []));
}

function toolChoiceOf(toolConfig: Json | undefined): { toolChoice?: string } {
  const c = toolConfig?.toolChoice;
  if (!isObj(c)) return {};
  if (isObj(c.any)) return { toolChoice: "required" };
  if (isObj(c.tool)) return { toolChoice: String(c.tool.name) };
  return { toolChoice: "auto" };
}

/** The checks the real API makes that the codec must satisfy (messages as ValidationException). */
function validateMessages(messages: Json[], body: Json): void {
  let previous: unknown;
  let usesTools = false;
  for (const [i, m] of messages.entries()) {
    if (m.role !== "user" && m.role !== "assistant") {
      throw new EmulatorBadRequest(
        `Value '${String(m.role)}' at 'messages.${i + 1}.member.role' failed to satisfy constraint`,
      );
    }
    if (m.role === previous) {
      throw new EmulatorBadRequest(
        "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
      );
    }
    previous = m.role;
    for (const [j, b] of blocks(m).entries()) {
      if (typeof b.text === "string" && b.text.trim() === "") {
        throw new EmulatorBadRequest(
          `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`,
        );
      }
      if (isObj(b.toolUse) || isObj(b.toolResult)) usesTools = true;
    }
  }
  if (messages[0]!.role !== "user") {
    throw new EmulatorBadRequest(
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
    );
  }
  if (usesTools && !isObj(body.toolConfig)) {
    throw new EmulatorBadRequest(
      "The toolConfig field must be defined when using toolUse and toolResult content blocks.",
    );
  }
}

/**
 * Structured outputs (https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html)
 * compile closed objects only, as Claude's do: every object schema needs
 * `additionalProperties: false` (the wording of the refusal is the Messages API's). And Claude
 * refuses a forced toolChoice while thinking (extended-thinking docs, "Tool use").
 */
/** CachePointBlock: `type` is `default`, and `ttl`, when set, `5m` or `1h`. */
function checkCachePoints(body: Json, messages: Json[]): void {
  const all = [...systemBlocks(body), ...messages.flatMap(blocks)];
  for (const b of all) {
    if (!isObj(b.cachePoint)) continue;
    const { type, ttl } = b.cachePoint;
    if (type !== "default")
      throw new EmulatorBadRequest(
        "1 validation error detected: Value at 'cachePoint.type' failed to satisfy constraint: Member must satisfy enum value set: [default]",
      );
    if (ttl !== undefined && ttl !== "5m" && ttl !== "1h")
      throw new EmulatorBadRequest(
        "1 validation error detected: Value at 'cachePoint.ttl' failed to satisfy constraint: Member must satisfy enum value set: [5m, 1h]",
      );
  }
}

function checkOutputSchema(body: Json): void {
  const format = isObj(body.outputConfig) ? body.outputConfig.textFormat : undefined;
  const structure = isObj(format) && isObj(format.structure) ? format.structure.jsonSchema : undefined;
  if (isObj(structure) && typeof structure.schema === "string") {
    checkClosedObjects(
      JSON.parse(structure.schema) as Json,
      "outputConfig.textFormat.structure.jsonSchema.schema",
    );
  }
  const extra = isObj(body.additionalModelRequestFields) ? body.additionalModelRequestFields : {};
  const choice = isObj(body.toolConfig) ? body.toolConfig.toolChoice : undefined;
  if (isObj(extra.thinking) && isObj(choice) && (isObj(choice.any) || isObj(choice.tool))) {
    throw new EmulatorBadRequest("Thinking may not be enabled when tool_choice forces tool use.");
  }
}

/** A deterministic unit vector for a text (FNV-1a seeded LCG), cheap enough for benchmarks. */
function vector(text: string, dims: number): number[] {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  const out = new Array<number>(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    out[i] = h / 0xffffffff - 0.5;
    norm += out[i]! * out[i]!;
  }
  const k = 1 / Math.sqrt(norm || 1);
  return out.map((x) => Math.round(x * k * 1e6) / 1e6);
}

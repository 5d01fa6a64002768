/**
 * Cohere v2 emulator: `POST /v2/chat` (JSON and SSE stream) and `POST /v2/embed`, with Bearer auth
 * (the key `invalid` is refused) and Cohere's error bodies `{"id": "...", "message": "..."}`
 * (https://docs.cohere.com/reference/errors).
 */
import { randomUUID } from "node:crypto";
import {
  type ChatView,
  EmulatorBadRequest,
  type ErrorKind,
  type ErrorResponse,
  type ProviderEmulator,
  type RouteMatch,
} from "../types.js";
import { renderEmbed } from "./embed.js";
import { renderChatJson, renderChatStream } from "./render.js";

const ROLES = new Set(["system", "user", "assistant", "tool"]);

/** Cohere's own wording for each failure (messages from its errors reference). */
const ERRORS: Record<Exclude<ErrorKind, "bad_request">, { status: number; message: string }> = {
  auth: { status: 401, message: "invalid api token" },
  rate_limit: {
    status: 429,
    message: "You are using a Trial key, which is limited to 10 API calls / minute. Please try again later.",
  },
  server: { status: 500, message: "internal server error, this has been reported to our developers" },
  overloaded: { status: 503, message: "service unavailable, please try again later" },
  context_length: {
    status: 400,
    message:
      "too many tokens: total number of tokens in the prompt cannot exceed 128000 - received 130000. Try using a shorter prompt, or enabling prompt truncating. See https://docs.cohere.com/reference/chat for more details.",
  },
  model_not_found: {
    status: 404,
    message:
      "model not found, make sure the correct model ID was used and that you have access to the model.",
  },
};

function record(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Text of a Cohere content value (a string or typed parts). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((p) => {
      const part = record(p);
      if (typeof part.text === "string") return part.text;
      const doc = record(part.document);
      return typeof doc.data === "string" ? doc.data : "";
    })
    .join("");
}

/** Reads the facts the plan needs, refusing what Cohere's API refuses. */
function chatView(body: unknown): ChatView {
  const b = record(body);
  if (typeof b.model !== "string" || !b.model)
    throw new EmulatorBadRequest("invalid request: model is required");
  if (!Array.isArray(b.messages) || b.messages.length === 0) {
    throw new EmulatorBadRequest("invalid request: messages must not be empty");
  }
  if (b.stream !== undefined && typeof b.stream !== "boolean") {
    throw new EmulatorBadRequest("invalid request: stream must be a boolean");
  }
  if (b.tool_choice !== undefined && b.tool_choice !== "REQUIRED" && b.tool_choice !== "NONE") {
    throw new EmulatorBadRequest("invalid request: tool_choice must be one of REQUIRED, NONE");
  }
  const messages = b.messages.map(record);
  let lastUserText = "";
  let chars = 0;
  for (const m of messages) {
    if (typeof m.role !== "string" || !ROLES.has(m.role)) {
      throw new EmulatorBadRequest(`invalid request: role must be one of system, user, assistant, tool`);
    }
    const text = textOf(m.content);
    chars += text.length;
    if (m.role === "user") lastUserText = text;
  }
  const tools = Array.isArray(b.tools) ? b.tools.map(toolName) : [];
  const format = record(b.response_format);
  return {
    lastRole: String(messages[messages.length - 1]?.role ?? "user"),
    lastUserText,
    tools,
    ...(b.tool_choice !== undefined ? { toolChoice: String(b.tool_choice).toLowerCase() } : {}),
    ...(typeof b.max_tokens === "number" ? { maxTokens: b.max_tokens } : {}),
    ...(Array.isArray(b.stop_sequences) ? { stop: b.stop_sequences.map(String) } : {}),
    json: format.type === "json_object",
    inputTokens: Math.max(1, Math.ceil(chars / 4)),
    model: b.model,
    stream: b.stream === true,
    ...(b.logprobs === true ? { logprobs: true } : {}),
  };
}

/**
 * A tool's name, refusing a function without `parameters`: the v2 API reference marks
 * `tools[].function.parameters` required (https://docs.cohere.com/reference/chat#request.body.tools).
 */
function toolName(t: unknown, i: number): string {
  const fn = record(record(t).function);
  if (typeof fn.parameters !== "object" || fn.parameters === null) {
    throw new EmulatorBadRequest(`invalid request: tools[${i}].function.parameters is required`);
  }
  return String(fn.name ?? "");
}

/** Bearer auth: a missing header or the key `invalid` is refused with 401. */
function checkAuth(match: RouteMatch): ErrorKind | undefined {
  const auth = match.headers.authorization;
  if (typeof auth !== "string" || !auth.startsWith("Bearer ")) return "auth";
  return auth.slice(7).trim() === "invalid" || auth.slice(7).trim() === "" ? "auth" : undefined;
}

function errorResponse(kind: ErrorKind, message: string): ErrorResponse {
  const e = kind === "bad_request" ? { status: 400, message } : ERRORS[kind];
  return { status: e.status, body: JSON.stringify({ id: randomUUID(), message: e.message }) };
}

/** The Cohere emulator, for `startEmulator([cohereEmulator])` and the registry. */
export const cohereEmulator: ProviderEmulator = {
  name: "cohere",
  routes: [
    { method: "POST", pattern: /^\/v2\/chat$/, op: "chat" },
    { method: "POST", pattern: /^\/v2\/embed$/, op: "embeddings" },
  ],
  checkAuth,
  chatView,
  chatJson: (plan, view) => renderChatJson(plan, view.logprobs === true),
  chatStream: (plan, view) => ({
    contentType: "text/event-stream",
    frames: renderChatStream(plan, view.logprobs === true),
  }),
  embeddings: (body) => renderEmbed(body),
  errorResponse,
};

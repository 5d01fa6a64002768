/**
 * Canonical messages → Gemini `contents` and `systemInstruction`
 * (https://ai.google.dev/api/generate-content#request-body, https://ai.google.dev/api/caching#Content).
 */
import type { ContentPart, Message, ToolCall } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import { usesThinkingLevel } from "./thinking.js";
import type { GeminiContent, GeminiPart } from "./wire.js";

export interface GeminiMessages {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
}

/** What the message encoder needs beyond the messages: the provider's name for errors. */
export interface EncodeScope {
  provider: string;
  ctx: CodecContext;
}

/**
 * Maps messages. System and developer messages go to `systemInstruction` (Gemini has no system
 * role); tool results become `functionResponse` parts of a `user` turn; consecutive turns of the
 * same role are merged, since Gemini wants parallel function responses in one turn.
 */
export function toGeminiMessages(messages: Message[], scope: EncodeScope): GeminiMessages {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  // Gemini's functionResponse needs the function NAME; canonical tool messages carry only the id.
  // Ids are looked up among earlier assistant calls, the latest one winning, because generated ids
  // (`call_0`, …) repeat from one turn to the next (see response.ts).
  const names = new Map<string, string>();
  const push = (role: "user" | "model", parts: GeminiPart[]): void => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const m of messages) {
    switch (m.role) {
      case "system":
      case "developer":
        system.push(...m.content.flatMap((p) => toGeminiParts(p, scope)));
        break;
      case "user":
        push(
          "user",
          m.content.flatMap((p) => toGeminiParts(p, scope)),
        );
        break;
      case "assistant":
        for (const call of m.tool_calls ?? []) names.set(call.id, call.name);
        push("model", toModelParts(m.content, m.tool_calls ?? [], scope));
        break;
      case "tool":
        push("user", [toFunctionResponse(m, names)]);
        break;
    }
  }
  return { contents, ...(system.length ? { systemInstruction: { parts: system } } : {}) };
}

/**
 * `image/jpg` is not a registered type, yet clients write it (it slips through browsers and most
 * APIs); Gemini answers "Unsupported MIME type: image/jpg", so it goes as `image/jpeg`
 * (https://ai.google.dev/gemini-api/docs/image-understanding lists the types).
 */
function toGeminiMime(mime: string): string {
  return mime.toLowerCase() === "image/jpg" ? "image/jpeg" : mime;
}

/** A user or system content part → Gemini parts. */
function toGeminiParts(part: ContentPart, scope: EncodeScope): GeminiPart[] {
  switch (part.type) {
    case "text":
      return [{ text: part.text }];
    case "image":
      if (part.source.kind === "base64") {
        return [{ inlineData: { mimeType: toGeminiMime(part.source.media_type), data: part.source.data } }];
      }
      // https://ai.google.dev/gemini-api/docs/image-understanding: fileData takes a URI with a MIME type.
      return [{ fileData: { mimeType: mimeFromUrl(part.source.url), fileUri: part.source.url } }];
    case "audio":
      return [{ inlineData: { mimeType: `audio/${part.format}`, data: part.data } }];
    case "file":
      return toFilePart(part.file, scope);
    case "thinking":
      return part.text ? [{ thought: true, text: part.text }] : [];
  }
}

/** OpenAI-style file parts: `file_data` as a data URL becomes inline data; anything else is refused. */
function toFilePart(file: Record<string, unknown>, scope: EncodeScope): GeminiPart[] {
  const data = typeof file.file_data === "string" ? file.file_data : "";
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(data);
  if (m) return [{ inlineData: { mimeType: toGeminiMime(m[1]!), data: m[2]! } }];
  if (scope.ctx.onUnsupported === "drop") {
    scope.ctx.warn("gemini: dropped a file part that is not an inline data URL (file ids are not portable)");
    return [];
  }
  throw GatewayError.unsupported(
    "messages.content.file",
    scope.provider,
    "only inline data URLs are supported",
  );
}

/**
 * The documented stand-in for a lost signature: Gemini 3 then skips validating the call
 * (https://ai.google.dev/gemini-api/docs/thought-signatures, "FAQs").
 */
export const SKIP_SIGNATURE = "skip_thought_signature_validator";

/**
 * Assistant content and tool calls → model parts. A call's own signature goes back on its
 * functionCall part; a thinking part's signature goes on the first function call without one (or
 * else the first text part), where Gemini put it (https://ai.google.dev/gemini-api/docs/thought-signatures;
 * fixtures `response-thinking-tools.json`, fidelity/thought-signature-tool-loop.json). Gemini 3
 * refuses a step whose first call has no signature, so a turn the client kept none for gets the
 * documented skip value, with a warning.
 */
function toModelParts(content: ContentPart[], calls: ToolCall[], scope: EncodeScope): GeminiPart[] {
  let signature: string | undefined;
  const parts: GeminiPart[] = [];
  for (const p of content) {
    if (p.type === "thinking") {
      signature = p.signature ?? signature;
      if (p.text && !p.redacted) parts.push({ thought: true, text: p.text });
    } else if (p.type === "text") {
      if (p.text) parts.push({ text: p.text });
    } else parts.push(...toGeminiParts(p, scope));
  }
  for (const call of calls) {
    const args = call.arguments.trim() ? tryParseJson(call.arguments) : {};
    if (!isRecord(args)) {
      throw GatewayError.invalid(
        `Tool call '${call.id}' has arguments that are not a JSON object.`,
        "messages",
      );
    }
    parts.push({
      functionCall: { name: call.name, args },
      ...(call.signature ? { thoughtSignature: call.signature } : {}),
    });
  }
  if (signature && !parts.some((p) => p.thoughtSignature === signature)) {
    const target =
      parts.find((p) => p.functionCall && !p.thoughtSignature) ??
      parts.find((p) => p.text && !p.thought && !p.thoughtSignature) ??
      parts[0];
    if (target && !target.thoughtSignature) target.thoughtSignature = signature;
    else if (!target) parts.push({ text: "", thoughtSignature: signature });
  }
  const first = parts.find((p) => p.functionCall);
  if (first && !first.thoughtSignature && usesThinkingLevel(scope.ctx.target.model)) {
    first.thoughtSignature = SKIP_SIGNATURE;
    scope.ctx.warn(
      `${scope.provider}: an assistant tool call came back without its thought signature; sent Gemini's '${SKIP_SIGNATURE}' value`,
    );
  }
  return parts;
}

/**
 * A tool result → `functionResponse`. Gemini wants an object: JSON object text is sent as is,
 * other text as `{content: text}` (and `{error: …}` for failed calls).
 */
function toFunctionResponse(m: Extract<Message, { role: "tool" }>, names: Map<string, string>): GeminiPart {
  const name = names.get(m.tool_call_id);
  if (!name) {
    throw GatewayError.invalid(
      `Tool result '${m.tool_call_id}' does not answer any earlier assistant tool call.`,
      "messages",
    );
  }
  const text = m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
  const parsed = tryParseJson(text);
  const key = m.is_error ? "error" : "content";
  const response = isRecord(parsed) && !m.is_error ? parsed : { [key]: parsed ?? text };
  return { functionResponse: { name, response } };
}

const MIME_BY_EXT: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf",
};

/** Guesses a MIME type from a URL's extension (Gemini requires one with `fileData`). */
function mimeFromUrl(url: string): string {
  const path = url.split(/[?#]/)[0] ?? "";
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return MIME_BY_EXT[ext] ?? "image/jpeg";
}

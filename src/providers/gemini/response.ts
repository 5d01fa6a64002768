/**
 * Gemini `GenerateContentResponse` → canonical response
 * (https://ai.google.dev/api/generate-content#generatecontentresponse).
 */
import { randomUUID } from "node:crypto";
import type {
  ChatResponse,
  Choice,
  ContentPart,
  FinishReason,
  Logprobs,
  ToolCall,
  Usage,
} from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import { fromGeminiLogprobs } from "./logprobs.js";
import type {
  GeminiCandidate,
  GeminiGenerateContentResponse,
  GeminiSafetyRating,
  GeminiUsageMetadata,
} from "./wire.js";

/**
 * Gemini's function calls carry no id (the optional `functionCall.id` is only filled by some
 * surfaces), but canonical tool calls need one to pair results with calls. The id is generated
 * from the call's position in the response; the encoder maps results back to names by looking ids
 * up in the conversation (messages.ts), so reuse across turns is harmless.
 */
export function toolCallId(index: number): string {
  return `call_${index}`;
}

const FILTERED = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]);

/** https://ai.google.dev/api/generate-content#FinishReason; STOP with calls means tool_calls. */
export function fromGeminiFinishReason(raw: string, hasToolCalls: boolean): FinishReason {
  if (raw === "STOP") return hasToolCalls ? "tool_calls" : "stop";
  if (raw === "MAX_TOKENS") return "length";
  if (FILTERED.has(raw)) return "content_filter";
  return "other";
}

/**
 * https://ai.google.dev/api/generate-content#UsageMetadata. `candidatesTokenCount` excludes
 * thinking tokens, so output = candidates + thoughts; prompt-side tool-use tokens (grounding
 * results) are billed as input. `promptTokenCount` already includes the cached tokens.
 */
export function fromGeminiUsage(u: GeminiUsageMetadata): Usage {
  const thoughts = u.thoughtsTokenCount ?? 0;
  return {
    input_tokens: (u.promptTokenCount ?? 0) + (u.toolUsePromptTokenCount ?? 0),
    output_tokens: (u.candidatesTokenCount ?? 0) + thoughts,
    ...(u.cachedContentTokenCount ? { cached_tokens: u.cachedContentTokenCount } : {}),
    ...(thoughts ? { reasoning_tokens: thoughts } : {}),
    source: "provider",
  };
}

/** A short, human-readable account of the safety ratings that blocked something. */
export function describeBlock(reason: string, ratings: GeminiSafetyRating[] | undefined): string {
  const flagged = (ratings ?? [])
    .filter((r) => r.blocked || (r.probability && r.probability !== "NEGLIGIBLE" && r.probability !== "LOW"))
    .map((r) => `${r.category}: ${r.probability ?? "BLOCKED"}`);
  return `Blocked by Gemini (${reason})${flagged.length ? `: ${flagged.join(", ")}` : ""}.`;
}

/** Decodes a JSON response. A blocked prompt (no candidates) becomes an empty content_filter answer. */
export function decodeGeminiResponse(body: unknown, ctx: CodecContext): ChatResponse {
  if (!isRecord(body)) throw badShape(ctx, "the response is not a JSON object");
  const res = body as GeminiGenerateContentResponse;
  const choices = (res.candidates ?? []).map((c, i) => toChoice(c, c.index ?? i, ctx));
  const block = res.promptFeedback?.blockReason;
  if (choices.length === 0) {
    if (!block) throw badShape(ctx, "the response has neither candidates nor promptFeedback.blockReason");
    // Fixture `response-prompt-blocked.json`: the prompt was refused before generation.
    choices.push({
      index: 0,
      message: {
        role: "assistant",
        content: [],
        refusal: describeBlock(block, res.promptFeedback?.safetyRatings),
      },
      finish_reason: "content_filter",
      raw_finish_reason: block,
    });
  }
  return {
    id: res.responseId ?? `gemini-${randomUUID()}`,
    model: res.modelVersion ?? ctx.target.model,
    created: createdOf(res),
    choices,
    ...(res.usageMetadata ? { usage: fromGeminiUsage(res.usageMetadata) } : {}),
  };
}

/** Vertex sends `createTime`; AI Studio sends nothing, so the time of decoding stands in. */
export function createdOf(res: GeminiGenerateContentResponse): number {
  const t = res.createTime ? Date.parse(res.createTime) : Number.NaN;
  return Math.floor((Number.isNaN(t) ? Date.now() : t) / 1000);
}

function toChoice(c: GeminiCandidate, index: number, ctx: CodecContext): Choice {
  const content: ContentPart[] = [];
  const calls: ToolCall[] = [];
  let text = "";
  let thinking = "";
  let signature: string | undefined;
  const unknown = new Set<string>();
  for (const p of c.content?.parts ?? []) {
    if (p.thoughtSignature) signature = p.thoughtSignature;
    if (p.functionCall) {
      calls.push({
        id: p.functionCall.id ?? toolCallId(calls.length),
        name: p.functionCall.name,
        arguments: JSON.stringify(p.functionCall.args ?? {}),
        // Gemini 3 validates the signature of each step's first call in the next request
        // (fixture fidelity/thought-signature-tool-loop.json); it rides on the call itself.
        ...(p.thoughtSignature ? { signature: p.thoughtSignature } : {}),
      });
    } else if (typeof p.text === "string") {
      if (p.thought) thinking += p.text;
      else text += p.text;
    } else if (p.inlineData) {
      content.push({
        type: "image",
        source: { kind: "base64", media_type: p.inlineData.mimeType, data: p.inlineData.data },
      });
    } else if (!p.thoughtSignature) unknown.add(Object.keys(p).join("+"));
  }
  if (unknown.size) ctx.warn(`${ctx.target.provider}: response parts not mapped: ${[...unknown].join(", ")}`);
  if (thinking || signature) {
    content.unshift({ type: "thinking", text: thinking, ...(signature ? { signature } : {}) });
  }
  if (text) content.push({ type: "text", text });
  const raw = c.finishReason ?? "STOP";
  const reason = fromGeminiFinishReason(raw, calls.length > 0);
  return {
    index,
    message: {
      role: "assistant",
      content,
      ...(calls.length ? { tool_calls: calls } : {}),
      ...(reason === "content_filter" ? { refusal: describeBlock(raw, c.safetyRatings) } : {}),
    },
    finish_reason: reason,
    raw_finish_reason: raw,
    ...logprobsOf(c.logprobsResult, ctx),
  };
}

function logprobsOf(result: unknown, ctx: CodecContext): { logprobs?: Logprobs } {
  const logprobs = result === undefined ? undefined : fromGeminiLogprobs(result, ctx);
  return logprobs ? { logprobs } : {};
}

/** An upstream body that is not a Gemini response. */
export function badShape(ctx: CodecContext, why: string): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_bad_response",
    message: `Gemini returned an unexpected response: ${why}.`,
    provider: ctx.target.provider,
  });
}

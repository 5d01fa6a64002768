/**
 * Gemini `streamGenerateContent?alt=sse` → canonical chunks
 * (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent). Every SSE event
 * is a whole, partial `GenerateContentResponse`: text arrives in pieces, a function call arrives
 * whole in one event, usage rides on the last event(s).
 */
import { randomUUID } from "node:crypto";
import type { Usage } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import { decodeSse } from "../../wire/sse.js";
import type { CodecContext } from "../types.js";
import { fromGoogleError } from "./errors.js";
import { fromGeminiLogprobs } from "./logprobs.js";
import { createdOf, fromGeminiFinishReason, fromGeminiUsage, toolCallId } from "./response.js";
import type { GeminiCandidate, GeminiGenerateContentResponse, GoogleErrorBody } from "./wire.js";

interface CandidateState {
  tools: number;
  finished: boolean;
}

/** Per-stream state: one per decodeStream call. */
class GeminiStreamState {
  readonly candidates = new Map<number, CandidateState>();
  usage: Usage | undefined;
  blocked = false;
  warnedParts = false;

  constructor(readonly ctx: CodecContext) {}

  candidate(i: number): CandidateState {
    let s = this.candidates.get(i);
    if (!s) {
      s = { tools: 0, finished: false };
      this.candidates.set(i, s);
    }
    return s;
  }

  /** One event → chunks. */
  *event(res: GeminiGenerateContentResponse): Generator<ChatChunk> {
    for (const [i, c] of (res.candidates ?? []).entries()) yield* this.candidateChunks(c, c.index ?? i);
    const block = res.promptFeedback?.blockReason;
    if (block && !res.candidates?.length) {
      // Fixture `stream-prompt-blocked.sse`: the prompt was refused; no candidate ever comes.
      this.blocked = true;
      yield { type: "finish", choice: 0, reason: "content_filter", raw: block };
    }
    if (res.usageMetadata) this.usage = fromGeminiUsage(res.usageMetadata);
  }

  private *candidateChunks(c: GeminiCandidate, choice: number): Generator<ChatChunk> {
    const s = this.candidate(choice);
    for (const p of c.content?.parts ?? []) {
      if (p.thoughtSignature) {
        yield {
          type: "thinking-delta",
          choice,
          text: p.thought ? (p.text ?? "") : "",
          signature: p.thoughtSignature,
        };
        if (p.thought) continue;
      }
      if (p.functionCall) {
        const index = s.tools++;
        const id = p.functionCall.id ?? toolCallId(index);
        yield {
          type: "tool-call-start",
          choice,
          index,
          id,
          name: p.functionCall.name,
          ...(p.thoughtSignature ? { signature: p.thoughtSignature } : {}),
        };
        yield {
          type: "tool-call-delta",
          choice,
          index,
          arguments: JSON.stringify(p.functionCall.args ?? {}),
        };
      } else if (typeof p.text === "string") {
        if (p.text) yield { type: p.thought ? "thinking-delta" : "text-delta", choice, text: p.text };
      } else if (!p.thoughtSignature && !this.warnedParts) {
        this.warnedParts = true;
        this.ctx.warn(`${this.ctx.target.provider}: stream parts not mapped: ${Object.keys(p).join("+")}`);
      }
    }
    const logprobs =
      c.logprobsResult === undefined ? undefined : fromGeminiLogprobs(c.logprobsResult, this.ctx);
    if (logprobs) yield { type: "logprobs", choice, logprobs };
    if (c.finishReason && !s.finished) {
      s.finished = true;
      yield {
        type: "finish",
        choice,
        reason: fromGeminiFinishReason(c.finishReason, s.tools > 0),
        raw: c.finishReason,
      };
    }
  }
}

/** Decodes the SSE stream; a malformed event or an `{"error":…}` event ends it with an error chunk. */
export async function* decodeGeminiStream(
  body: AsyncIterable<Uint8Array>,
  ctx: CodecContext,
  label = "Gemini",
): AsyncGenerator<ChatChunk> {
  const state = new GeminiStreamState(ctx);
  let started = false;
  const start = (res?: GeminiGenerateContentResponse): ChatChunk => {
    started = true;
    return {
      type: "start",
      id: res?.responseId ?? `gemini-${randomUUID()}`,
      model: res?.modelVersion ?? ctx.target.model,
      created: createdOf(res ?? {}),
    };
  };
  for await (const ev of decodeSse(body)) {
    if (!ev.data.trim()) continue;
    const parsed = tryParseJson(ev.data);
    if (!started) yield start(isRecord(parsed) ? (parsed as GeminiGenerateContentResponse) : undefined);
    if (!isRecord(parsed)) {
      yield { type: "error", error: streamError(ctx, label, "an event is not valid JSON") };
      return;
    }
    if (isRecord(parsed.error)) {
      const err = parsed as unknown as GoogleErrorBody;
      yield { type: "error", error: fromGoogleError(err, err.error.code ?? 500, errSrc(ctx, label)) };
      return;
    }
    yield* state.event(parsed as GeminiGenerateContentResponse);
  }
  if (!started) yield start();
  const finished = state.blocked || [...state.candidates.values()].some((c) => c.finished);
  if (!finished) {
    yield { type: "error", error: streamError(ctx, label, "the stream ended before a finish reason") };
    return;
  }
  if (state.usage) yield { type: "usage", usage: state.usage };
}

function errSrc(ctx: CodecContext, label: string) {
  return { provider: ctx.target.provider, label };
}

function streamError(ctx: CodecContext, label: string, why: string): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_bad_response",
    message: `${label} stream failed: ${why}.`,
    provider: ctx.target.provider,
  });
}

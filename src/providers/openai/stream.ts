/**
 * OpenAI chat completion chunk stream → canonical chunks
 * (https://platform.openai.com/docs/api-reference/chat-streaming). SSE framing comes from
 * `src/wire/sse.ts`; this maps each `data:` event as it arrives and never buffers the stream.
 */
import { type BatchedChunks, batchedChunks } from "../../canonical/chunk-batches.js";
import { type ChatChunk, GatewayError } from "../../canonical/index.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import { decodeSseBatches, type SseEvent } from "../../wire/sse.js";
import { fromOpenAIStreamError } from "./errors.js";
import type { OpenAIProfile } from "./profile.js";
import { fromOpenAIFinishReason, fromOpenAIUsage, reasoningOf, splitContent } from "./usage.js";
import type { OpenAIChatChunk, OpenAIToolCallDelta } from "./wire.js";

type Choice = NonNullable<OpenAIChatChunk["choices"]>[number];

/**
 * Decodes a stream; yields `start` first, and an `error` chunk (then ends) on bad or error events.
 * One batch per upstream read (`src/canonical/chunk-batches.ts`), readable chunk by chunk as well.
 */
export function fromOpenAIStream(
  body: AsyncIterable<Uint8Array>,
  profile: OpenAIProfile,
  provider: string,
): BatchedChunks {
  return batchedChunks(() => decodeBatches(body, new StreamState(profile), provider));
}

async function* decodeBatches(
  body: AsyncIterable<Uint8Array>,
  s: StreamState,
  provider: string,
): AsyncGenerator<ChatChunk[]> {
  for await (const events of decodeSseBatches(body)) {
    const out: ChatChunk[] = [];
    for (const ev of events) {
      if (!onSse(ev, s, provider, out)) {
        yield out;
        return;
      }
    }
    if (out.length > 0) yield out;
  }
  const out = [...s.ensureStart({})];
  // why: some servers end without `[DONE]`; a stream is only whole if a choice finished
  // (fixture streams/truncated.sse).
  if (!s.finished)
    out.push({ type: "error", error: invalid(provider, "a stream that ended before it finished") });
  if (out.length > 0) yield out;
}

/** One SSE event → chunks appended to `out`; false when the stream is over (`[DONE]` or an error). */
function onSse(ev: SseEvent, s: StreamState, provider: string, out: ChatChunk[]): boolean {
  if (ev.data === "[DONE]") {
    out.push(...s.ensureStart({}));
    return false;
  }
  const parsed = tryParseJson(ev.data);
  if (!isRecord(parsed)) {
    out.push(...s.ensureStart({}));
    out.push({ type: "error", error: invalid(provider, "a stream event that is not JSON") });
    return false;
  }
  if (isRecord(parsed.error) || ev.event === "error") {
    out.push(...s.ensureStart({}));
    const err = isRecord(parsed.error) ? parsed.error : parsed;
    out.push({ type: "error", error: fromOpenAIStreamError(err, provider) });
    return false;
  }
  for (const c of s.map(parsed as OpenAIChatChunk)) out.push(c);
  return true;
}

function invalid(provider: string, what: string): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_invalid_response",
    message: `Provider '${provider}' sent ${what}.`,
    provider,
  });
}

/** Per-stream state: whether `start` was sent, and each choice's tool call index map. */
class StreamState {
  private started = false;
  finished = false;
  /** choice → (upstream tool index → canonical index). */
  private tools = new Map<number, Map<number, number>>();
  /** choice → tool call id → canonical index, for servers that omit `index`. */
  private toolIds = new Map<number, Map<string, number>>();

  constructor(private readonly profile: OpenAIProfile) {}

  *ensureStart(c: OpenAIChatChunk): Generator<ChatChunk> {
    if (this.started) return;
    this.started = true;
    yield { type: "start", id: c.id ?? "", model: c.model ?? "", created: c.created ?? 0 };
  }

  *map(c: OpenAIChatChunk): Generator<ChatChunk> {
    const choices = Array.isArray(c.choices) ? c.choices : [];
    // why: Azure opens with a prompt-filter annotation that has an empty id and no choices
    // (azure-openai fixture streams/content-filter.sse); the real head comes with the next event.
    if (!this.started && !c.id && choices.length === 0 && !c.usage) return;
    yield* this.ensureStart(c);
    for (const [pos, choice] of choices.entries()) yield* this.mapChoice(choice, choice.index ?? pos);
    const usage = c.usage ?? c.x_groq?.usage;
    if (isRecord(usage)) yield { type: "usage", usage: fromOpenAIUsage(usage) };
  }

  private *mapChoice(choice: Choice, index: number): Generator<ChatChunk> {
    const delta = choice.delta ?? {};
    const { text, thinking } = splitContent(delta.content);
    const reasoning = thinking + reasoningOf(delta, this.profile);
    if (reasoning) yield { type: "thinking-delta", choice: index, text: reasoning };
    if (text) yield { type: "text-delta", choice: index, text };
    // A refusal streams as text: canonical chunks have no refusal block (the JSON path keeps it apart).
    if (delta.refusal) yield { type: "text-delta", choice: index, text: delta.refusal };
    for (const t of delta.tool_calls ?? []) yield* this.mapTool(t, index);
    if (choice.logprobs != null) yield { type: "logprobs", choice: index, logprobs: choice.logprobs };
    if (choice.finish_reason) {
      this.finished = true;
      const raw = choice.finish_reason;
      yield { type: "finish", choice: index, reason: fromOpenAIFinishReason(raw, this.profile), raw };
    }
  }

  private *mapTool(t: OpenAIToolCallDelta, choice: number): Generator<ChatChunk> {
    let byIndex = this.tools.get(choice);
    let byId = this.toolIds.get(choice);
    if (!byIndex || !byId) {
      byIndex = new Map();
      byId = new Map();
      this.tools.set(choice, byIndex);
      this.toolIds.set(choice, byId);
    }
    // Servers that omit `index` (whole calls in one delta) are matched by id, else by the last call.
    const last = byIndex.size > 0 ? byIndex.size - 1 : undefined;
    const known = t.index !== undefined ? byIndex.get(t.index) : t.id ? byId.get(t.id) : last;
    let index = known ?? 0;
    if (known === undefined) {
      index = byIndex.size;
      byIndex.set(t.index ?? index, index);
      const id = t.id ?? `call_${index}`;
      byId.set(id, index);
      yield { type: "tool-call-start", choice, index, id, name: t.function?.name ?? "" };
    }
    if (t.function?.arguments) {
      yield { type: "tool-call-delta", choice, index, arguments: t.function.arguments };
    }
  }
}

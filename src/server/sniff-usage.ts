/**
 * Reads token usage out of same-dialect responses without translating them.
 * OpenAI: the `usage` object (JSON body, or the final stream chunk with empty `choices`).
 * Anthropic: `message_start.message.usage` (input) and `message_delta.usage` (output).
 * Responses API: `usage` of the response object (JSON body, or the closing event's `response`).
 */
import type { Usage } from "../canonical/chat.js";
import type { SseEvent } from "../wire/sse.js";

interface OpenAIUsageWire {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

interface AnthropicUsageWire {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

interface ResponsesUsageWire {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens_details?: { reasoning_tokens?: number };
}

/**
 * Updates `usage` from one event; returns whether the event goes to the client. Throws when a
 * whole JSON body (`event: "whole"`) is not valid JSON.
 */
export function sniffUsage(
  dialect: string,
  ev: SseEvent,
  usage: Partial<Usage>,
  clientWantsUsage: boolean,
): boolean {
  if (ev.event === "whole") {
    const body = JSON.parse(ev.data) as { usage?: OpenAIUsageWire & AnthropicUsageWire };
    if (body.usage)
      (dialect === "openai" ? fromOpenAI : dialect === "responses" ? fromResponses : fromAnthropic)(
        body.usage,
        usage,
      );
    return true;
  }
  if (dialect === "responses") {
    // Only the closing event (`response.completed` / `.incomplete`) carries a usage object.
    if (ev.data.indexOf('"usage":{') === -1) return true;
    const e = safeParse(ev.data) as { response?: { usage?: ResponsesUsageWire } } | undefined;
    if (e?.response?.usage) fromResponses(e.response.usage, usage);
    return true;
  }
  if (dialect === "openai") {
    // Only the usage chunk carries `"usage":{`; other chunks are not parsed at all.
    if (ev.data.indexOf('"usage":{') === -1) return true;
    const chunk = safeParse(ev.data) as { usage?: OpenAIUsageWire; choices?: unknown[] } | undefined;
    if (chunk?.usage) fromOpenAI(chunk.usage, usage);
    return clientWantsUsage || (chunk?.choices?.length ?? 0) > 0;
  }
  if (ev.event === "message_start" || ev.event === "message_delta") {
    const e = safeParse(ev.data) as
      | { usage?: AnthropicUsageWire; message?: { usage?: AnthropicUsageWire } }
      | undefined;
    const u = e?.message?.usage ?? e?.usage;
    if (u) fromAnthropic(u, usage);
  }
  return true;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function fromOpenAI(u: OpenAIUsageWire, out: Partial<Usage>): void {
  if (u.prompt_tokens !== undefined) out.input_tokens = u.prompt_tokens;
  if (u.completion_tokens !== undefined) out.output_tokens = u.completion_tokens;
  if (u.prompt_tokens_details?.cached_tokens !== undefined)
    out.cached_tokens = u.prompt_tokens_details.cached_tokens;
  if (u.completion_tokens_details?.reasoning_tokens !== undefined) {
    out.reasoning_tokens = u.completion_tokens_details.reasoning_tokens;
  }
}

/** https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage */
function fromResponses(u: ResponsesUsageWire, out: Partial<Usage>): void {
  if (u.input_tokens !== undefined) out.input_tokens = u.input_tokens;
  if (u.output_tokens !== undefined) out.output_tokens = u.output_tokens;
  if (u.input_tokens_details?.cached_tokens !== undefined)
    out.cached_tokens = u.input_tokens_details.cached_tokens;
  if (u.output_tokens_details?.reasoning_tokens !== undefined)
    out.reasoning_tokens = u.output_tokens_details.reasoning_tokens;
}

/** Anthropic's input_tokens excludes cache reads and writes; canonical input includes them. */
function fromAnthropic(u: AnthropicUsageWire, out: Partial<Usage>): void {
  if (u.input_tokens !== undefined) {
    out.input_tokens =
      u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
  }
  if (u.output_tokens !== undefined) out.output_tokens = u.output_tokens;
  if (u.cache_read_input_tokens !== undefined) out.cached_tokens = u.cache_read_input_tokens;
  if (u.cache_creation_input_tokens !== undefined) out.cache_write_tokens = u.cache_creation_input_tokens;
}

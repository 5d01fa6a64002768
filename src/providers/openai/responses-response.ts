/**
 * OpenAI Responses API response object (https://platform.openai.com/docs/api-reference/responses/object)
 * → canonical response, for targets with `api: responses`: message text, `function_call` items as
 * tool calls, reasoning summaries as thinking, `incomplete_details.reason` as the finish reason.
 */
import type { ChatResponse, ContentPart, FinishReason, ToolCall, Usage } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/index.js";
import { isRecord } from "../../wire/json.js";

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function fromResponsesObject(body: unknown, provider: string): ChatResponse {
  if (!isRecord(body) || !Array.isArray(body.output)) {
    throw new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_malformed_response",
      message: `Provider '${provider}' sent a Responses API body without 'output'.`,
      provider,
    });
  }
  const content: ContentPart[] = [];
  const calls: ToolCall[] = [];
  let text = "";
  for (const item of body.output.filter(isRecord)) {
    if (item.type === "message" && Array.isArray(item.content)) {
      for (const c of item.content.filter(isRecord)) text += str(c.text) || str(c.refusal);
    } else if (item.type === "function_call") {
      calls.push({ id: str(item.call_id), name: str(item.name), arguments: str(item.arguments) });
    } else if (item.type === "reasoning" && Array.isArray(item.summary)) {
      const t = item.summary
        .filter(isRecord)
        .map((s) => str(s.text))
        .join("\n\n");
      if (t) content.push({ type: "thinking", text: t });
    }
  }
  if (text) content.push({ type: "text", text });
  const raw = isRecord(body.incomplete_details) ? str(body.incomplete_details.reason) : str(body.status);
  return {
    id: str(body.id),
    model: str(body.model),
    created: typeof body.created_at === "number" ? body.created_at : Math.floor(Date.now() / 1000),
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: finishOf(raw, calls.length > 0),
        raw_finish_reason: raw,
      },
    ],
    ...(isRecord(body.usage) ? { usage: fromResponsesUsage(body.usage) } : {}),
  };
}

/** `incomplete_details.reason` (or the status) → the unified finish reason. */
export function finishOf(raw: string, toolCalls: boolean): FinishReason {
  if (raw === "max_output_tokens") return "length";
  if (raw === "content_filter") return "content_filter";
  if (raw === "failed") return "error";
  return toolCalls ? "tool_calls" : "stop";
}

export function fromResponsesUsage(u: Json): Usage {
  const d = (v: unknown, k: string): number | undefined =>
    isRecord(v) && typeof v[k] === "number" ? (v[k] as number) : undefined;
  const cached = d(u.input_tokens_details, "cached_tokens");
  const reasoning = d(u.output_tokens_details, "reasoning_tokens");
  return {
    input_tokens: typeof u.input_tokens === "number" ? u.input_tokens : 0,
    output_tokens: typeof u.output_tokens === "number" ? u.output_tokens : 0,
    ...(cached !== undefined ? { cached_tokens: cached } : {}),
    ...(reasoning !== undefined ? { reasoning_tokens: reasoning } : {}),
    source: "provider",
  };
}

/**
 * Shared pieces of the Responses API wire format
 * (https://platform.openai.com/docs/api-reference/responses/object): the request fields the
 * response echoes, output item ids, usage and the status a finish reason gives.
 */
import { randomBytes } from "node:crypto";
import type { ChatRequest, FinishReason, Usage } from "../../canonical/chat.js";

/** What the parser keeps in `extra.responses` for rendering, storing and passthrough. */
export interface ResponsesExtra {
  /** The response id, chosen when the request is parsed (streamed events and the store share it). */
  id: string;
  created_at: number;
  store: boolean;
  instructions: string | null;
  previous_response_id: string | null;
  /** Set once the previous response was found in the record store and its items prepended. */
  previous_resolved?: boolean;
  tools: unknown[];
  tool_choice: unknown;
  text: unknown;
  reasoning: unknown;
  metadata: Record<string, string>;
  /** Tools the gateway cannot run itself (web_search, file_search, computer_use, …). */
  builtin_tools?: Record<string, unknown>[];
  /** `item_reference` ids this gateway did not store. */
  unresolved_items?: string[];
  /** Input item types of OpenAI's built-in tools. */
  openai_only_items?: string[];
  /** Top-level fields with no canonical place (truncation, service_tier, include, …). */
  carried?: Record<string, unknown>;
}

/** The Responses fields of a canonical request (a fresh set when it came from another dialect). */
export function responsesExtra(req: ChatRequest): ResponsesExtra {
  const e = (req.extra as { responses?: ResponsesExtra } | undefined)?.responses;
  if (e) return e;
  return {
    id: newResponseId(),
    created_at: Math.floor(Date.now() / 1000),
    store: false,
    instructions: null,
    previous_response_id: null,
    tools: [],
    tool_choice: "auto",
    text: { format: { type: "text" } },
    reasoning: null,
    metadata: {},
  };
}

/** A fresh `resp_` id (32 hex digits, the form `responseIdOfItem` reads back). */
export function newResponseId(): string {
  return `resp_${randomBytes(16).toString("hex")}`;
}

/**
 * The id of output item `index` of response `responseId`: the response id's suffix is in it, so
 * an `item_reference` a client sends back (the AI SDK does, with `store`) finds its response.
 */
export function itemId(prefix: "msg" | "fc" | "rs", responseId: string, index: number): string {
  return `${prefix}_${responseId.replace(/^resp_/, "")}_${index}`;
}

/** The response id an item id (from `itemId`) belongs to, or undefined. */
export function responseIdOfItem(id: string): string | undefined {
  const m = /^(?:msg|fc|rs)_([0-9a-f]{32})_\d+$/.exec(id);
  return m ? `resp_${m[1]}` : undefined;
}

/**
 * https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage: exactly
 * the fields of OpenAI's `ResponseUsage`, whose `input_tokens_details` requires both
 * `cached_tokens` and `cache_write_tokens` (the vendored OpenAPI document, and the `openai` SDK's
 * `ResponseUsage.InputTokensDetails`); `responses-openapi.test.ts` pins the set both ways.
 */
export function toResponsesUsage(u: Usage | undefined): Record<string, unknown> {
  const input = u?.input_tokens ?? 0;
  const output = u?.output_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: {
      cached_tokens: u?.cached_tokens ?? 0,
      cache_write_tokens: u?.cache_write_tokens ?? 0,
    },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: u?.reasoning_tokens ?? 0 },
    total_tokens: input + output,
  };
}

/** `length` ends a response as `incomplete` (reason `max_output_tokens`), a filter as `content_filter`. */
export function statusFor(reason: FinishReason | undefined): {
  status: "completed" | "incomplete";
  incomplete_details: { reason: string } | null;
} {
  if (reason === "length")
    return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  if (reason === "content_filter")
    return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
  return { status: "completed", incomplete_details: null };
}

/** The response object around `output`, as every event and the JSON body carry it. */
export function responseEnvelope(
  req: ChatRequest,
  model: string,
  status: string,
  output: unknown[],
  extraFields: Record<string, unknown> = {},
): Record<string, unknown> {
  const e = responsesExtra(req);
  return {
    id: e.id,
    object: "response",
    created_at: e.created_at,
    status,
    error: null,
    incomplete_details: null,
    instructions: e.instructions,
    max_output_tokens: req.max_tokens ?? null,
    model,
    output,
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: e.previous_response_id,
    reasoning: e.reasoning ?? { effort: null, summary: null },
    store: e.store,
    temperature: req.temperature ?? 1,
    text: e.text,
    tool_choice: e.tool_choice,
    tools: e.tools.map(echoTool),
    top_p: req.top_p ?? 1,
    truncation: "disabled",
    ...(req.user ? { user: req.user } : {}),
    metadata: e.metadata,
    ...extraFields,
  };
}

/** A function tool as the response object lists it: every field present, `strict` resolved. */
function echoTool(t: unknown): unknown {
  const f = t as {
    type?: unknown;
    name?: unknown;
    description?: unknown;
    parameters?: unknown;
    strict?: unknown;
  };
  if (f?.type !== "function") return t;
  return {
    type: "function",
    name: f.name,
    description: f.description ?? null,
    parameters: f.parameters ?? null,
    strict: f.strict ?? true,
  };
}

/**
 * Anthropic Messages request (`POST /v1/messages`, https://docs.anthropic.com/en/api/messages)
 * → canonical `ChatRequest`. Fields canonical form has no place for go to `extra.anthropic`.
 */
import type { ChatRequest, RequestContract, ToolChoice, ToolDefinition } from "../../canonical/chat.js";
import { isRecord } from "../../wire/json.js";
import { Carry } from "./carry.js";
import { toCanonicalMessages, toSystemMessage } from "./parse-messages.js";
import {
  type AnthropicMessagesRequest,
  customToolSchema,
  messagesRequestSchema,
  serverToolSchema,
} from "./request-schema.js";
import { invalidAt, validate } from "./validate.js";

/** Top-level fields this parser maps; every other top-level field is carried. */
const MAPPED = new Set([
  "model",
  "max_tokens",
  "messages",
  "system",
  "tools",
  "tool_choice",
  "stop_sequences",
  "temperature",
  "top_p",
  "top_k",
  "thinking",
  "metadata",
  "output_config",
  "stream",
]);

/** The request-contract keys (DESIGN.md) a client may send in `metadata`. */
const CONTRACT_KEYS = [
  "tenant",
  "user",
  "workflow",
  "sensitivity",
  "latency_class",
  "budget_class",
  "trace_id",
];

/** Validates an Anthropic Messages body and maps it to canonical form. Throws a 400 `GatewayError`. */
export function parseAnthropicRequest(body: unknown): ChatRequest {
  if (!isRecord(body)) throw invalidAt([], "The request body must be a JSON object.");
  const req = validate(messagesRequestSchema, body);
  const carry = new Carry();
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(req))
    if (!MAPPED.has(key) && value !== undefined) extra[key] = value;

  const system = toSystemMessage(req.system, carry);
  const out: ChatRequest = {
    model: req.model,
    messages: [...(system ? [system] : []), ...toCanonicalMessages(req.messages, carry)],
    max_tokens: req.max_tokens,
    stream: req.stream ?? false,
  };
  // Anthropic streams always carry usage (message_start, message_delta): ask every provider for it.
  if (out.stream) out.stream_include_usage = true;
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.top_k !== undefined) out.top_k = req.top_k;
  if (req.stop_sequences !== undefined) out.stop = req.stop_sequences;
  mapTools(req, out, extra, carry);
  mapThinking(req, out, extra);
  mapMetadata(req, out);

  if (carry.blocks.length) extra.carried_blocks = carry.blocks;
  if (carry.fields.length) extra.carried_fields = carry.fields;
  if (Object.keys(extra).length) out.extra = { anthropic: extra };
  return out;
}

/**
 * `tools` (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/overview): client tools
 * map to canonical tools (`input_schema` → `parameters`); server tools (a versioned `type` such as
 * `web_search_20250305`) have no canonical form and are carried in `extra.anthropic.server_tools`.
 */
function mapTools(
  req: AnthropicMessagesRequest,
  out: ChatRequest,
  extra: Record<string, unknown>,
  carry: Carry,
) {
  const tools: ToolDefinition[] = [];
  const server: Record<string, unknown>[] = [];
  for (const [i, raw] of (req.tools ?? []).entries()) {
    if (raw.type && raw.type !== "custom") {
      server.push(validate(serverToolSchema, raw, ["tools", i]));
      continue;
    }
    const t = validate(customToolSchema, raw, ["tools", i]);
    carry.leftover(["tools", i], t, ["type", "name", "description", "input_schema", "strict"]);
    tools.push({
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      parameters: t.input_schema,
      ...(t.strict !== undefined ? { strict: t.strict } : {}),
    });
  }
  if (req.tools) out.tools = tools;
  if (server.length) extra.server_tools = server;
  if (!req.tool_choice) return;
  const tc = req.tool_choice;
  const choice: ToolChoice =
    tc.type === "any"
      ? { type: "required" }
      : tc.type === "tool"
        ? { type: "tool", name: tc.name }
        : { type: tc.type };
  out.tool_choice = choice;
  if ("disable_parallel_tool_use" in tc && typeof tc.disable_parallel_tool_use === "boolean") {
    out.parallel_tool_calls = !tc.disable_parallel_tool_use;
  }
}

/**
 * `thinking` (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking) and
 * `output_config` (effort, structured output format). `enabled` maps to a budget; `adaptive`,
 * `disabled` and `display` have no canonical field and are carried.
 */
function mapThinking(req: AnthropicMessagesRequest, out: ChatRequest, extra: Record<string, unknown>) {
  const reasoning: NonNullable<ChatRequest["reasoning"]> = {};
  const t = req.thinking;
  if (t?.type === "enabled") reasoning.budget_tokens = t.budget_tokens;
  if (t && (t.type !== "enabled" || Object.keys(t).some((k) => k !== "type" && k !== "budget_tokens"))) {
    extra.thinking = t;
  }
  const oc = req.output_config;
  if (oc) {
    if (oc.effort) reasoning.effort = oc.effort;
    if (oc.format)
      out.response_format = {
        type: "json_schema",
        json_schema: { name: "output", schema: oc.format.schema },
      };
    const rest = Object.fromEntries(Object.entries(oc).filter(([k]) => k !== "effort" && k !== "format"));
    if (Object.keys(rest).length) extra.output_config = rest;
  }
  if (reasoning.budget_tokens !== undefined || reasoning.effort !== undefined) out.reasoning = reasoning;
}

/**
 * `metadata.user_id` (https://docs.anthropic.com/en/api/messages#body-metadata) → `user`; the
 * request-contract keys and any other key go to canonical `metadata` (Tollgate accepts more
 * `metadata` keys than the Anthropic API; they are never forwarded as Anthropic metadata).
 */
function mapMetadata(req: AnthropicMessagesRequest, out: ChatRequest) {
  if (!req.metadata) return;
  const meta: RequestContract & Record<string, unknown> = {};
  for (const [key, value] of Object.entries(req.metadata)) {
    if (value === undefined || value === null) continue;
    if (key === "user_id") {
      if (typeof value !== "string") throw invalidAt(["metadata", key], "Invalid input: expected string");
      out.user = value;
    } else if (CONTRACT_KEYS.includes(key) && typeof value !== "string") {
      throw invalidAt(["metadata", key], "Invalid input: expected string");
    } else meta[key] = value;
  }
  if (Object.keys(meta).length) out.metadata = meta;
}

/**
 * The Anthropic emulator's request check: refuses what the real Messages API refuses
 * (https://docs.anthropic.com/en/api/messages), with messages shaped like the API's, so that
 * translation bugs surface as 400 invalid_request_error. Then extracts the plan's view.
 */
import { approxTokens } from "../plan.js";
import { type ChatView, EmulatorBadRequest, type RouteMatch } from "../types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Top-level fields the API accepts; anything else is "Extra inputs are not permitted". */
const TOP_LEVEL = new Set([
  "model",
  "messages",
  "max_tokens",
  "system",
  "metadata",
  "stop_sequences",
  "stream",
  "temperature",
  "top_p",
  "top_k",
  "tools",
  "tool_choice",
  "thinking",
  "service_tier",
  "container",
  "mcp_servers",
  "output_config",
  "context_management",
  "inference_geo",
]);
const USER_BLOCKS = new Set(["text", "image", "document", "tool_result", "search_result"]);
const ASSISTANT_BLOCKS = new Set(["text", "tool_use", "thinking", "redacted_thinking", "server_tool_use"]);

function bad(message: string): never {
  throw new EmulatorBadRequest(message);
}

/** Validates a Messages request and returns what the answer plan needs. */
export function anthropicChatView(body: unknown, match: RouteMatch): ChatView {
  if (!match.headers["anthropic-version"]) bad("anthropic-version: header is required");
  if (!isObj(body)) return bad("Request body must be a JSON object");
  for (const k of Object.keys(body)) if (!TOP_LEVEL.has(k)) bad(`${k}: Extra inputs are not permitted`);
  if (typeof body.model !== "string" || !body.model) bad("model: Field required");
  if (body.max_tokens === undefined) bad("max_tokens: Field required");
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1)
    bad("max_tokens: Input should be a valid integer greater than or equal to 1");
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    bad("messages: at least one message is required");
  const text: string[] = [systemText(body.system)];
  checkMessages(body.messages as unknown[], text);
  const tools = checkTools(body);
  checkSampling(body);
  const messages = body.messages as Obj[];
  const last = messages[messages.length - 1]!;
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  const lastBlocks = blocksOf(last.content);
  const onlyResults = lastBlocks.length > 0 && lastBlocks.every((b) => b.type === "tool_result");
  return {
    lastRole: last.role === "user" && onlyResults ? "tool" : String(last.role),
    ...(last.role === "assistant" ? { prefill: textOf(blocksOf(last.content)) } : {}),
    lastUserText: lastUser ? textOf(blocksOf(lastUser.content)) : "",
    tools,
    ...toolChoiceView(body.tool_choice),
    maxTokens: body.max_tokens as number,
    ...(Array.isArray(body.stop_sequences) ? { stop: body.stop_sequences as string[] } : {}),
    json: isObj(body.output_config) && body.output_config.format !== undefined,
    inputTokens: approxTokens(text.join("")),
    model: body.model as string,
    stream: body.stream === true,
    ...(isObj(body.thinking) && body.thinking.type === "enabled" ? { thinking: true } : {}),
  };
}

function blocksOf(content: unknown): Obj[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter(isObj) : [];
}

function textOf(blocks: Obj[]): string {
  return blocks.map((b) => (b.type === "text" && typeof b.text === "string" ? b.text : "")).join("");
}

function systemText(system: unknown): string {
  if (system === undefined || typeof system === "string") return system ?? "";
  if (!Array.isArray(system)) return bad("system: Input should be a valid string or list");
  for (const [i, b] of system.entries()) {
    if (!isObj(b) || b.type !== "text" || typeof b.text !== "string")
      bad(`system.${i}.type: Input should be 'text'`);
  }
  return textOf(system as Obj[]);
}

function checkMessages(messages: unknown[], text: string[]): void {
  let prevRole: unknown;
  let pendingToolUses: string[] = [];
  for (const [i, m] of messages.entries()) {
    if (!isObj(m)) bad(`messages.${i}: Input should be a valid dictionary`);
    if (m.role !== "user" && m.role !== "assistant")
      bad(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (m.role === prevRole) {
      bad(
        `messages: roles must alternate between "user" and "assistant", but found multiple "${m.role}" roles in a row`,
      );
    }
    prevRole = m.role;
    const blocks = blocksOf(m.content);
    const isFinalAssistant = i === messages.length - 1 && m.role === "assistant";
    if (blocks.length === 0 && !isFinalAssistant) {
      bad(
        `messages.${i}: all messages must have non-empty content except for the optional final assistant message`,
      );
    }
    // A prefill (https://docs.anthropic.com/en/docs/build-with-claude/prompt-engineering/prefill-claudes-response):
    // "The prefill content cannot end with trailing whitespace"; the API's 400 says it this way.
    const tail = blocks.at(-1);
    if (isFinalAssistant && tail?.type === "text" && typeof tail.text === "string" && /\s$/.test(tail.text))
      bad("messages: final assistant content cannot end with trailing whitespace");
    const results = checkBlocks(blocks, m.role as string, i, text);
    const missing = pendingToolUses.filter((id) => !results.includes(id));
    if (missing.length) {
      bad(
        `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
    const unexpected = results.filter((id) => !pendingToolUses.includes(id));
    if (unexpected.length) {
      bad(
        `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(", ")}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
      );
    }
    pendingToolUses = blocks.filter((b) => b.type === "tool_use").map((b) => String(b.id));
  }
}

/** Checks each block; returns the tool_use ids this message answers with tool_result blocks. */
function checkBlocks(blocks: Obj[], role: string, i: number, text: string[]): string[] {
  const allowed = role === "user" ? USER_BLOCKS : ASSISTANT_BLOCKS;
  const results: string[] = [];
  for (const [j, b] of blocks.entries()) {
    const at = `messages.${i}.content.${j}`;
    if (typeof b.type !== "string" || !allowed.has(b.type))
      bad(`${at}.type: '${String(b.type)}' is not a valid block in a ${role} message`);
    if (b.type === "text") {
      if (typeof b.text !== "string" || b.text === "") bad("messages: text content blocks must be non-empty");
      text.push(b.text as string);
    } else if (b.type === "image") checkImage(b.source, at);
    else if (b.type === "tool_use") {
      if (typeof b.id !== "string" || typeof b.name !== "string") bad(`${at}: tool_use requires id and name`);
      if (!isObj(b.input)) bad(`${at}.input: Input should be a valid dictionary`);
    } else if (b.type === "tool_result") {
      if (typeof b.tool_use_id !== "string") bad(`${at}.tool_use_id: Field required`);
      results.push(b.tool_use_id as string);
      text.push(textOf(blocksOf(b.content)));
    } else if (b.type === "thinking" && typeof b.signature !== "string")
      bad(`${at}.signature: Field required`);
  }
  return results;
}

function checkImage(source: unknown, at: string): void {
  if (!isObj(source)) bad(`${at}.source: Field required`);
  if (source.type === "url" && typeof source.url === "string") return;
  if (source.type === "base64" && typeof source.media_type === "string" && typeof source.data === "string") {
    if (!["image/jpeg", "image/png", "image/gif", "image/webp"].includes(source.media_type)) {
      bad(
        `${at}.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`,
      );
    }
    return;
  }
  bad(
    `${at}.source: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url'`,
  );
}

function checkTools(body: Obj): string[] {
  if (body.tools === undefined) return [];
  if (!Array.isArray(body.tools)) return bad("tools: Input should be a valid list");
  const names = body.tools.map((t: unknown, i) => {
    if (!isObj(t) || typeof t.name !== "string" || !/^[a-zA-Z0-9_-]{1,128}$/.test(t.name)) {
      return bad(`tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    }
    if (!isObj(t.input_schema)) bad(`tools.${i}.input_schema: Field required`);
    if ((t.input_schema as Obj).type !== "object")
      bad(`tools.${i}.input_schema.type: Input should be 'object'`);
    return t.name;
  });
  const choice = body.tool_choice;
  if (isObj(choice)) {
    if (!["auto", "any", "tool", "none"].includes(String(choice.type)))
      bad(
        "tool_choice.type: Input tag does not match any of the expected tags: 'auto', 'any', 'tool', 'none'",
      );
    if (choice.type === "tool" && !names.includes(String(choice.name)))
      bad(`tool_choice: tool '${String(choice.name)}' not found in tools`);
  }
  return names;
}

/**
 * With thinking on, the assistant turn of an unfinished tool loop must start with the thinking
 * block it was answered with (extended-thinking docs, "Preserving thinking blocks"): a client
 * that lost the reasoning, or a gateway that dropped it, gets this 400.
 */
function checkThinkingReplay(messages: Obj[]): void {
  const last = messages.length - 1;
  const i = messages[last]?.role === "user" ? last - 1 : -1;
  const assistant = messages[i];
  if (!assistant || assistant.role !== "assistant") return;
  const blocks = blocksOf(assistant.content);
  const answered = blocksOf(messages[last]!.content).some((b) => b.type === "tool_result");
  if (!answered || !blocks.some((b) => b.type === "tool_use")) return;
  const first = blocks[0]?.type;
  if (first !== "thinking" && first !== "redacted_thinking") {
    bad(
      `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
    );
  }
}

function toolChoiceView(choice: unknown): { toolChoice?: string } {
  if (!isObj(choice)) return {};
  if (choice.type === "any") return { toolChoice: "required" };
  if (choice.type === "tool") return { toolChoice: String(choice.name) };
  return { toolChoice: String(choice.type) };
}

function checkSampling(body: Obj): void {
  const t = body.temperature;
  if (t !== undefined && (typeof t !== "number" || t < 0 || t > 1))
    bad("temperature: Input should be less than or equal to 1");
  if (body.stop_sequences !== undefined && !Array.isArray(body.stop_sequences))
    bad("stop_sequences: Input should be a valid list");
  if (isObj(body.metadata)) {
    for (const k of Object.keys(body.metadata))
      if (k !== "user_id") bad(`metadata.${k}: Extra inputs are not permitted`);
  }
  if (isObj(body.thinking) && body.thinking.type === "enabled") {
    const budget = body.thinking.budget_tokens;
    if (typeof budget !== "number" || budget < 1024)
      bad("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
    if ((budget as number) >= (body.max_tokens as number))
      bad("`max_tokens` must be greater than `thinking.budget_tokens`");
    // Feature compatibility (extended-thinking docs): temperature 1 only, no top_k.
    if (t !== undefined && t !== 1)
      bad("`temperature` may only be set to 1 when thinking is enabled or in interleaved thinking mode.");
    if (body.top_k !== undefined) bad("`top_k` is not supported when thinking is enabled.");
    checkThinkingReplay(body.messages as Obj[]);
  }
  // Extended-thinking docs, "Tool use": with thinking, tool_choice may only be auto or none.
  const thinking = isObj(body.thinking) && ["enabled", "adaptive"].includes(String(body.thinking.type));
  if (thinking && isObj(body.tool_choice) && ["any", "tool"].includes(String(body.tool_choice.type)))
    bad("Thinking may not be enabled when tool_choice forces tool use.");
  if (isObj(body.output_config) && body.output_config.format !== undefined) {
    const f = body.output_config.format;
    if (!isObj(f) || f.type !== "json_schema" || !isObj(f.schema))
      bad("output_config.format: Input should be a json_schema format with a schema");
    checkClosedObjects(f.schema as Obj, "output_config.format.schema");
  }
}

/**
 * Structured outputs compile only closed objects: an object schema without
 * `additionalProperties: false` is refused with this message (the API's own; Anthropic's SDK
 * closes every object for that reason, lib/transform-json-schema).
 */
export function checkClosedObjects(schema: Obj, at: string): void {
  if (schema.type === "object" && schema.additionalProperties !== false)
    bad(`${at}: For 'object' type, 'additionalProperties' must be explicitly set to false`);
  const subs = [
    ...Object.values(isObj(schema.properties) ? schema.properties : {}),
    ...Object.values(isObj(schema.$defs) ? schema.$defs : {}),
    schema.items,
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
    ...(Array.isArray(schema.allOf) ? schema.allOf : []),
  ];
  for (const sub of subs) if (isObj(sub)) checkClosedObjects(sub, at);
}

/**
 * OpenAI's JSON mode (`response_format: {type: json_object}`) for Claude, which has no
 * schema-less JSON mode. Structured outputs cannot stand in: they refuse an open object schema
 * ("output_config.format.schema: For 'object' type, 'additionalProperties' must be explicitly set
 * to false"; Anthropic's SDK closes every object, lib/transform-json-schema), and Bedrock's
 * `outputConfig` makes the same demand. So Tollgate asks as Anthropic's tool-use guide does for
 * JSON output ("Extracting structured JSON using Claude and tool use"): one extra tool whose
 * input is any JSON object, which Claude must call, and the call comes back to the client as the
 * answer's text. Shared by `anthropic`, Claude on `vertex`, and `bedrock` (Claude and Nova).
 *
 * The tool's name is reserved (a client tool of that name is refused), so the way back needs no
 * memory of the request: a call to it is always Tollgate's own.
 */
import type { ChatRequest, ChatResponse, Choice } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { batchedChunks, chunkBatches } from "../../canonical/chunk-batches.js";
import { GatewayError } from "../../canonical/errors.js";
import type { CodecContext } from "../types.js";
import { unsupported } from "./unsupported.js";

export const JSON_TOOL = "tollgate_json_response";

const JSON_TOOL_DEFINITION = {
  name: JSON_TOOL,
  description:
    "Give your whole answer as one JSON object, by calling this tool with that object as its input.",
  parameters: { type: "object" },
};

/** Whether the request thinks: Claude refuses a forced tool then (extended-thinking docs, "Tool use"). */
function thinks(req: ChatRequest): boolean {
  const r = req.reasoning;
  if (r?.budget_tokens !== undefined || (r?.effort !== undefined && r.effort !== "none")) return true;
  const carried = req.extra?.anthropic?.thinking as { type?: unknown } | undefined;
  return carried?.type === "enabled" || carried?.type === "adaptive";
}

/**
 * The request with JSON mode turned into the forced JSON tool; any other request unchanged.
 * Without client tools (or with `tool_choice: none`) the JSON tool is the only choice; with client
 * tools the model must call one of them or the JSON tool (`required`), which is JSON mode's promise:
 * a tool call or a JSON answer. A client that already forces a tool gets its choice unchanged.
 */
export function withJsonTool(req: ChatRequest, ctx: CodecContext, provider: string): ChatRequest {
  if (req.response_format?.type !== "json_object") return req;
  if (req.tools?.some((t) => t.name === JSON_TOOL)) {
    throw GatewayError.invalid(`The tool name '${JSON_TOOL}' is reserved by the gateway.`, "tools");
  }
  const { response_format: _, ...rest } = req;
  if (thinks(req)) {
    unsupported(
      ctx,
      provider,
      "response_format",
      "JSON mode is served by a forced tool, which cannot be combined with thinking; send a json_schema",
    );
    return rest;
  }
  const choice = req.tool_choice?.type;
  if (choice === "required" || choice === "tool") return rest;
  const clientTools = choice === "none" ? [] : (req.tools ?? []);
  const tools = [...(req.tools ?? []), JSON_TOOL_DEFINITION];
  return {
    ...rest,
    tools,
    tool_choice: clientTools.length ? { type: "required" } : { type: "tool", name: JSON_TOOL },
  };
}

/** A decoded answer with the JSON tool's call turned back into text. */
export function jsonToolToText(res: ChatResponse): ChatResponse {
  return { ...res, choices: res.choices.map(choiceToText) };
}

function choiceToText(c: Choice): Choice {
  const calls = c.message.tool_calls ?? [];
  const json = calls.filter((t) => t.name === JSON_TOOL);
  if (!json.length) return c;
  const others = calls.filter((t) => t.name !== JSON_TOOL);
  const { tool_calls: _, ...message } = c.message;
  return {
    ...c,
    message: {
      ...message,
      content: [
        ...message.content,
        ...json.map((t) => ({ type: "text" as const, text: t.arguments || "{}" })),
      ],
      ...(others.length ? { tool_calls: others } : {}),
    },
    finish_reason: others.length || c.finish_reason !== "tool_calls" ? c.finish_reason : "stop",
  };
}

/**
 * A decoded stream with the JSON tool's call as text deltas: its start is dropped, its argument
 * deltas become text, and `tool_calls` becomes `stop` when it was the only call. One upstream read
 * stays one batch.
 */
export function jsonToolChunksToText(chunks: AsyncIterable<ChatChunk>): AsyncIterable<ChatChunk> {
  /** `choice:index` of the JSON tool's calls, and whether any argument text came for them. */
  const json = new Map<string, boolean>();
  const others = new Set<number>();
  const map = (c: ChatChunk): ChatChunk[] => {
    if (c.type === "tool-call-start" && c.name === JSON_TOOL) {
      json.set(`${c.choice}:${c.index}`, false);
      return [];
    }
    if (c.type === "tool-call-start") others.add(c.choice);
    const key = c.type === "tool-call-delta" ? `${c.choice}:${c.index}` : "";
    if (json.has(key) && c.type === "tool-call-delta") {
      if (!c.arguments) return [];
      json.set(key, true);
      return [{ type: "text-delta", choice: c.choice, text: c.arguments }];
    }
    if (c.type === "finish" && c.reason === "tool_calls" && !others.has(c.choice) && json.size) {
      // A call with no argument bytes is an empty object, as the non-streamed answer says.
      const empty = [...json.values()].some((sent) => !sent);
      const text: ChatChunk[] = empty ? [{ type: "text-delta", choice: c.choice, text: "{}" }] : [];
      return [...text, { ...c, reason: "stop" }];
    }
    return [c];
  };
  const batches = chunkBatches(chunks);
  if (batches) {
    return batchedChunks(async function* () {
      for await (const batch of batches) yield batch.flatMap(map);
    });
  }
  return (async function* () {
    for await (const c of chunks) yield* map(c);
  })();
}

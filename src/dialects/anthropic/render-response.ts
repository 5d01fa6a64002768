/**
 * Canonical response → Anthropic Messages response body
 * (https://docs.anthropic.com/en/api/messages#response).
 */
import type { ChatResponse, Choice, ToolCall } from "../../canonical/chat.js";
import { isRecord, tryParseJson } from "../../wire/json.js";
import {
  type AnthropicMessage,
  type AnthropicResponseBlock,
  toAnthropicMessageId,
  toAnthropicStopReason,
  toAnthropicUsage,
} from "./wire.js";

/**
 * Renders the first choice (the Messages API has no `n`): thinking, text, then `tool_use` blocks
 * whose `input` is the parsed arguments.
 */
export function renderAnthropicMessage(res: ChatResponse): AnthropicMessage {
  const choice = res.choices.find((c) => c.index === 0) ?? res.choices[0];
  const stopSequence = typeof res.stop_sequence === "string" ? res.stop_sequence : null;
  const stopReason = choice
    ? toAnthropicStopReason(choice.finish_reason, choice.raw_finish_reason, stopSequence)
    : "end_turn";
  return {
    id: toAnthropicMessageId(res.id),
    type: "message",
    role: "assistant",
    model: res.model,
    content: choice ? toBlocks(choice) : [],
    stop_reason: stopReason,
    stop_sequence: stopReason === "stop_sequence" ? stopSequence : null,
    usage: toAnthropicUsage(res.usage),
  };
}

function toBlocks(choice: Choice): AnthropicResponseBlock[] {
  const blocks: AnthropicResponseBlock[] = [];
  const msg = choice.message;
  for (const part of msg.content) {
    if (part.type === "thinking") {
      blocks.push(
        part.redacted
          ? { type: "redacted_thinking", data: part.signature ?? "" }
          : { type: "thinking", thinking: part.text, signature: part.signature ?? "" },
      );
    } else if (part.type === "text") {
      blocks.push({ type: "text", text: part.text });
    }
  }
  // An OpenAI-style refusal has no block of its own: it is what the model said.
  if (msg.refusal) blocks.push({ type: "text", text: msg.refusal });
  for (const call of msg.tool_calls ?? []) blocks.push(toToolUse(call));
  return blocks;
}

/**
 * Anthropic sends `input` as an object. Canonical arguments are the model's raw JSON text; text
 * that is not a JSON object (a model that stopped mid-arguments) becomes `{}` so the client can
 * still parse the message.
 */
export function toToolUse(call: ToolCall): AnthropicResponseBlock {
  const parsed = call.arguments.trim() === "" ? {} : tryParseJson(call.arguments);
  return { type: "tool_use", id: call.id, name: call.name, input: isRecord(parsed) ? parsed : {} };
}

/**
 * Converse JSON response → canonical response
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax).
 */
import { randomUUID } from "node:crypto";
import type { ChatResponse, ContentPart, ToolCall } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import { fromBedrockStopReason, fromBedrockUsage, stopSequenceOf } from "./mapping.js";

/**
 * Converse responses carry no id (only the `x-amzn-requestid` header, which the codec does not
 * see) and no model name, so the id is generated and the model is the target's model id.
 */
export function newBedrockResponseId(): string {
  return `bedrock-${randomUUID()}`;
}

export function decodeBedrockChat(body: unknown, ctx: CodecContext, provider: string): ChatResponse {
  if (!isRecord(body) || typeof body.stopReason !== "string") {
    throw malformed(provider, "the response has no stopReason");
  }
  const output = isRecord(body.output) && isRecord(body.output.message) ? body.output.message : {};
  const blocks = Array.isArray(output.content) ? output.content : [];
  const content: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (typeof block.text === "string") content.push({ type: "text", text: block.text });
    else if (isRecord(block.toolUse)) toolCalls.push(toToolCall(block.toolUse));
    else if (isRecord(block.reasoningContent)) {
      const thinking = toThinking(block.reasoningContent);
      if (thinking) content.push(thinking);
    }
  }
  const stopSequence = stopSequenceOf(body.stopReason, body.additionalModelResponseFields);
  const usage = fromBedrockUsage(body.usage);
  return {
    id: newBedrockResponseId(),
    model: ctx.target.model,
    created: Math.floor(Date.now() / 1000),
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: fromBedrockStopReason(body.stopReason),
        raw_finish_reason: body.stopReason,
      },
    ],
    ...(usage ? { usage } : {}),
    ...(stopSequence !== undefined ? { stop_sequence: stopSequence } : {}),
  };
}

function toToolCall(t: Record<string, unknown>): ToolCall {
  return {
    id: typeof t.toolUseId === "string" ? t.toolUseId : "",
    name: typeof t.name === "string" ? t.name : "",
    arguments: JSON.stringify(t.input ?? {}),
  };
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ReasoningContentBlock.html */
function toThinking(r: Record<string, unknown>): ContentPart | undefined {
  if (isRecord(r.reasoningText)) {
    const text = typeof r.reasoningText.text === "string" ? r.reasoningText.text : "";
    const sig = r.reasoningText.signature;
    return { type: "thinking", text, ...(typeof sig === "string" ? { signature: sig } : {}) };
  }
  if (typeof r.redactedContent === "string")
    return { type: "thinking", text: r.redactedContent, redacted: true };
  return undefined;
}

function malformed(provider: string, why: string): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_invalid_response",
    message: `Bedrock returned an unexpected response: ${why}.`,
    provider,
  });
}

export { malformed as bedrockMalformed };

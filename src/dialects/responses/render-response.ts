/**
 * Canonical response → the Responses API response object
 * (https://platform.openai.com/docs/api-reference/responses/object): output items in the order
 * reasoning, message, function calls, each with an id derived from the response id (`itemId`).
 */
import type { ChatRequest, ChatResponse, Choice } from "../../canonical/chat.js";
import { itemId, responseEnvelope, responsesExtra, statusFor, toResponsesUsage } from "./wire.js";

/** The `output` items of one choice (the Responses API has no `n`: choice 0). */
export function toOutputItems(choice: Choice | undefined, responseId: string): Record<string, unknown>[] {
  if (!choice) return [];
  const out: Record<string, unknown>[] = [];
  const m = choice.message;
  const thinking = m.content.filter((p) => p.type === "thinking" && !p.redacted);
  const text = m.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
  if (thinking.length) {
    out.push({
      id: itemId("rs", responseId, out.length),
      type: "reasoning",
      summary: thinking.map((p) => ({ type: "summary_text", text: p.type === "thinking" ? p.text : "" })),
      ...signatureOf(thinking),
    });
  }
  if (text || m.refusal || !m.tool_calls?.length) {
    const content = m.refusal
      ? [{ type: "refusal", refusal: m.refusal }]
      : [{ type: "output_text", text, annotations: [], logprobs: [] }];
    out.push({
      id: itemId("msg", responseId, out.length),
      type: "message",
      status: "completed",
      role: "assistant",
      content,
    });
  }
  for (const call of m.tool_calls ?? []) {
    out.push({
      id: itemId("fc", responseId, out.length),
      type: "function_call",
      status: "completed",
      call_id: call.id,
      name: call.name,
      arguments: call.arguments || "{}",
    });
  }
  return out;
}

/** The whole response object for a non-streamed request (and for the record store). */
export function renderResponsesObject(res: ChatResponse, req: ChatRequest): Record<string, unknown> {
  const choice = res.choices[0];
  const { status, incomplete_details } = statusFor(choice?.finish_reason);
  const output = toOutputItems(choice, responsesExtra(req).id);
  return responseEnvelope(req, res.model || req.model, status, output, {
    created_at: responsesExtra(req).created_at,
    incomplete_details,
    usage: toResponsesUsage(res.usage),
  });
}

/** A thinking block's signature travels as the reasoning item's `encrypted_content`. */
function signatureOf(parts: Choice["message"]["content"]): { encrypted_content?: string } {
  for (const p of parts) if (p.type === "thinking" && p.signature) return { encrypted_content: p.signature };
  return {};
}

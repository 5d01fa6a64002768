/**
 * Renders an answer plan in Cohere v2's wire format: the chat JSON response
 * (https://docs.cohere.com/reference/chat) and the chat stream's SSE events, each an `event:` line
 * plus a compact JSON `data:` line repeating the name as `type`
 * (https://docs.cohere.com/reference/chat-stream, https://docs.cohere.com/docs/streaming).
 */
import { randomUUID } from "node:crypto";
import type { Plan } from "../plan.js";

const FINISH: Record<Plan["finish"], string> = {
  stop: "COMPLETE",
  stop_sequence: "STOP_SEQUENCE",
  length: "MAX_TOKENS",
  tool_calls: "TOOL_CALL",
  // Cohere's v2 finish reasons have no content-filter value; a blocked generation ends in ERROR.
  content_filter: "ERROR",
};

/** Cohere's usage object: `tokens` counts what the model read (cached included), `billed_units` the invoice. */
export function cohereUsage(plan: Plan): Record<string, unknown> {
  const u = plan.usage;
  return {
    billed_units: { input_tokens: u.input, output_tokens: u.output },
    tokens: { input_tokens: u.input + u.cachedRead, output_tokens: u.output },
    ...(u.cachedRead > 0 ? { cached_tokens: u.cachedRead } : {}),
  };
}

/** The plan a tool-calling Cohere model states before its calls (`tool_plan`). */
export function toolPlanText(plan: Plan): string {
  const names = [...new Set(plan.toolCalls.map((t) => t.name))].join(" and ");
  return `I will use the ${names} tool to answer.`;
}

/**
 * A `LogprobItem` per text delta (cohere-ai SDK types: `{text, token_ids, logprobs}`, one log
 * probability per token id); the values are made up but stable.
 */
function logprobItem(text: string, i: number): Record<string, unknown> {
  return { token_ids: [3000 + i], text, logprobs: [-0.25] };
}

/** The non-streamed `POST /v2/chat` response. */
export function renderChatJson(plan: Plan, logprobs = false): unknown {
  const message = plan.toolCalls.length
    ? {
        role: "assistant",
        tool_plan: toolPlanText(plan),
        tool_calls: plan.toolCalls.map((t) => ({
          id: t.id,
          type: "function",
          function: { name: t.name, arguments: t.argumentDeltas.join("") },
        })),
      }
    : { role: "assistant", content: [{ type: "text", text: plan.text.join("") }] };
  return {
    id: randomUUID(),
    message,
    finish_reason: FINISH[plan.finish],
    usage: cohereUsage(plan),
    ...(logprobs && !plan.toolCalls.length ? { logprobs: plan.text.map(logprobItem) } : {}),
  };
}

function frame(type: string, rest: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...rest })}\n\n`;
}

/** The stream's frames, in Cohere's order. */
export function renderChatStream(plan: Plan, logprobs = false): string[] {
  const start = frame("message-start", {
    delta: { message: { role: "assistant", content: [], tool_plan: "", tool_calls: [], citations: [] } },
  });
  // Cohere puts the id first in message-start's data.
  const frames = [
    start.replace('data: {"type":"message-start"', `data: {"id":"${randomUUID()}","type":"message-start"`),
  ];
  if (plan.toolCalls.length) frames.push(...toolFrames(plan));
  else frames.push(...textFrames(plan, logprobs));
  frames.push(
    frame("message-end", { delta: { finish_reason: FINISH[plan.finish], usage: cohereUsage(plan) } }),
  );
  return frames;
}

function textFrames(plan: Plan, logprobs: boolean): string[] {
  const out = [
    frame("content-start", { index: 0, delta: { message: { content: { type: "text", text: "" } } } }),
  ];
  for (const [i, text] of plan.text.entries()) {
    const lp = logprobs ? { logprobs: logprobItem(text, i) } : {};
    out.push(frame("content-delta", { index: 0, delta: { message: { content: { text } } }, ...lp }));
  }
  out.push(frame("content-end", { index: 0 }));
  return out;
}

function toolFrames(plan: Plan): string[] {
  const out: string[] = [];
  for (const word of toolPlanText(plan).match(/\S+\s*/g) ?? []) {
    out.push(frame("tool-plan-delta", { delta: { message: { tool_plan: word } } }));
  }
  for (const [index, t] of plan.toolCalls.entries()) {
    out.push(
      frame("tool-call-start", {
        index,
        delta: {
          message: { tool_calls: { id: t.id, type: "function", function: { name: t.name, arguments: "" } } },
        },
      }),
    );
    for (const args of t.argumentDeltas) {
      out.push(
        frame("tool-call-delta", {
          index,
          delta: { message: { tool_calls: { function: { arguments: args } } } },
        }),
      );
    }
    out.push(frame("tool-call-end", { index }));
  }
  return out;
}

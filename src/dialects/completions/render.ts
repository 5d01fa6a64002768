/**
 * Canonical responses and chunks → the legacy Completions shapes
 * (https://platform.openai.com/docs/api-reference/completions/object): `object: "text_completion"`,
 * `choices[].text`, `logprobs: null`, and the same SSE framing as Chat Completions, ending with
 * `data: [DONE]`.
 */
import type { ChatRequest, ChatResponse } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { renderOpenAIError } from "../openai/render-error.js";
import { toOpenAIFinish, toOpenAIUsage } from "../openai/render-response.js";
import { renderFrames, type StreamRenderer } from "../render-frames.js";

/** The `cmpl-` id legacy clients expect; provider ids are kept inside it. */
export function completionId(id: string): string {
  return id.startsWith("cmpl-") ? id : `cmpl-${id}`;
}

export function renderCompletion(res: ChatResponse): unknown {
  return {
    id: completionId(res.id),
    object: "text_completion",
    created: res.created,
    model: res.model,
    choices: res.choices.map((c) => ({
      text: c.message.content.map((p) => (p.type === "text" ? p.text : "")).join(""),
      index: c.index,
      logprobs: null,
      finish_reason: toOpenAIFinish(c.finish_reason),
    })),
    ...(res.usage ? { usage: toOpenAIUsage(res.usage) } : {}),
    ...(res.system_fingerprint ? { system_fingerprint: res.system_fingerprint } : {}),
  };
}

/** Per-stream state: the chunk head (id, created, model). */
export class CompletionStreamRenderer implements StreamRenderer {
  private head: string;
  ended = false;

  constructor(private readonly req: ChatRequest) {
    this.head = `{"id":"cmpl-tollgate","object":"text_completion","created":0,"model":${JSON.stringify(req.model)}`;
  }

  push(c: ChatChunk): string {
    if (this.ended) return "";
    switch (c.type) {
      case "start":
        this.head = `{"id":${JSON.stringify(completionId(c.id))},"object":"text_completion","created":${c.created},"model":${JSON.stringify(c.model)}`;
        return "";
      case "text-delta":
        return c.text ? this.frame(c.choice, c.text, null) : "";
      case "finish":
        return this.frame(c.choice, "", toOpenAIFinish(c.reason));
      case "usage":
        return this.req.stream_include_usage
          ? `data: ${this.head},"choices":[],"usage":${JSON.stringify(toOpenAIUsage(c.usage))}}\n\n`
          : "";
      case "error":
        this.ended = true;
        return `data: ${JSON.stringify(renderOpenAIError(c.error).body)}\n\n`;
      default:
        // Thinking, tool calls and provider logprobs have no place in a text completion.
        return "";
    }
  }

  end(): string {
    if (this.ended) return "";
    this.ended = true;
    return "data: [DONE]\n\n";
  }

  private frame(choice: number, text: string, finish: string | null): string {
    return `data: ${this.head},"choices":[{"text":${JSON.stringify(text)},"index":${choice},"logprobs":null,"finish_reason":${finish === null ? "null" : JSON.stringify(finish)}}]}\n\n`;
  }
}

export function renderCompletionStream(
  chunks: AsyncIterable<ChatChunk>,
  req: ChatRequest,
): AsyncGenerator<string> {
  return renderFrames(chunks, new CompletionStreamRenderer(req));
}

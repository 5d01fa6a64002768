/**
 * Canonical chunks → OpenAI `chat.completion.chunk` SSE frames, ending with `data: [DONE]`.
 * https://platform.openai.com/docs/api-reference/chat-streaming
 */
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { renderFrames, type StreamRenderer } from "../render-frames.js";
import { renderOpenAIError } from "./render-error.js";
import { openAIId, signatureContent, toOpenAIFinish, toOpenAIUsage } from "./render-response.js";

/** Per-stream state: the chunk head (id, created, model) and which choices have had their role. */
export class OpenAIStreamRenderer implements StreamRenderer {
  private head: string;
  private readonly started = new Set<number>();
  /** Thinking text per choice since the last signature (the block a signature closes). */
  private readonly thinking = new Map<number, string>();
  /** Tool calls (`choice:index`) opened without argument bytes yet. */
  private readonly noArgs = new Set<string>();
  ended = false;

  constructor(private readonly req: ChatRequest) {
    this.head = `{"id":"chatcmpl-tollgate","object":"chat.completion.chunk","created":0,"model":${JSON.stringify(req.model)}`;
  }

  push(c: ChatChunk): string {
    if (this.ended) return "";
    switch (c.type) {
      case "start":
        this.head = `{"id":${JSON.stringify(openAIId(c.id))},"object":"chat.completion.chunk","created":${c.created},"model":${JSON.stringify(c.model)}`;
        // OpenAI opens every stream with the role and empty content; the client sees a byte at once.
        return this.frame(0, '"content":""');
      case "text-delta":
        return this.frame(c.choice, `"content":${JSON.stringify(c.text)}`);
      case "thinking-delta": {
        // OpenAI's Chat Completions has no reasoning field; DeepSeek-style `reasoning_content` is
        // what OpenAI-compatible clients read, and the official SDK ignores unknown delta fields.
        // The signature ends a thinking block: it goes out as one whole `thinking_blocks` entry
        // with the block's text, which the client can send back as it is (thinking-blocks.ts).
        const text = (this.thinking.get(c.choice) ?? "") + c.text;
        this.thinking.set(c.choice, c.signature ? "" : text);
        const delta = c.text ? `"reasoning_content":${JSON.stringify(c.text)}` : "";
        if (!c.signature) return delta ? this.frame(c.choice, delta) : "";
        const block = JSON.stringify([{ type: "thinking", thinking: text, signature: c.signature }]);
        return this.frame(c.choice, `${delta ? `${delta},` : ""}"thinking_blocks":${block}`);
      }
      case "tool-call-start":
        this.noArgs.add(`${c.choice}:${c.index}`);
        return this.frame(
          c.choice,
          `"tool_calls":[{"index":${c.index},"id":${JSON.stringify(c.id)},"type":"function","function":{"name":${JSON.stringify(c.name)},"arguments":""}${c.signature ? `,"extra_content":${JSON.stringify(signatureContent(c.signature))}` : ""}}]`,
        );
      case "tool-call-delta":
        if (c.arguments) this.noArgs.delete(`${c.choice}:${c.index}`);
        return this.frame(
          c.choice,
          `"tool_calls":[{"index":${c.index},"function":{"arguments":${JSON.stringify(c.arguments)}}}]`,
        );
      case "logprobs":
        return `data: ${this.head},"choices":[{"index":${c.choice},"delta":{},"logprobs":${JSON.stringify(c.logprobs)},"finish_reason":null}]}\n\n`;
      case "finish":
        return this.emptyArguments(c.choice) + this.frame(c.choice, "", toOpenAIFinish(c.reason));
      case "usage":
        // Tollgate always asks upstream for usage; the client sees it only if it asked too.
        return this.req.stream_include_usage
          ? `data: ${this.head},"choices":[],"usage":${JSON.stringify(toOpenAIUsage(c.usage))}}\n\n`
          : "";
      case "error":
        this.ended = true;
        return `data: ${JSON.stringify(renderOpenAIError(c.error).body)}\n\n`;
    }
  }

  end(): string {
    if (this.ended) return "";
    this.ended = true;
    return "data: [DONE]\n\n";
  }

  /**
   * A tool without parameters streams no argument bytes (Anthropic, Bedrock, Gemini), but OpenAI
   * clients `JSON.parse` the joined arguments, so such a call gets the `"{}"` OpenAI itself sends
   * (test/emulators scenario `tool-call-no-args`).
   */
  private emptyArguments(choice: number): string {
    let out = "";
    for (const key of this.noArgs) {
      const [ch, index] = key.split(":").map(Number);
      if (ch !== choice) continue;
      this.noArgs.delete(key);
      out += this.frame(choice, `"tool_calls":[{"index":${index},"function":{"arguments":"{}"}}]`);
    }
    return out;
  }

  private frame(choice: number, delta: string, finish: string | null = null): string {
    return `data: ${this.head},"choices":[{"index":${choice},"delta":{${this.role(choice)}${delta}},"logprobs":null,"finish_reason":${finish === null ? "null" : JSON.stringify(finish)}}]}\n\n`;
  }

  /** The role goes in the first delta of each choice, as OpenAI sends it. */
  private role(choice: number): string {
    if (this.started.has(choice)) return "";
    this.started.add(choice);
    return '"role":"assistant",';
  }
}

/** Renders a canonical chunk stream as OpenAI SSE text, as chunks arrive. */
export function renderOpenAIStream(
  chunks: AsyncIterable<ChatChunk>,
  req: ChatRequest,
): AsyncGenerator<string> {
  return renderFrames(chunks, new OpenAIStreamRenderer(req));
}

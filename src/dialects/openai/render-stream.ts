/**
 * Canonical chunks → OpenAI `chat.completion.chunk` SSE frames, ending with `data: [DONE]`.
 * https://platform.openai.com/docs/api-reference/chat-streaming
 */
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { renderOpenAIError } from "./render-error.js";
import { openAIId, toOpenAIFinish, toOpenAIUsage } from "./render-response.js";

export async function* renderOpenAIStream(
  chunks: AsyncIterable<ChatChunk>,
  req: ChatRequest,
): AsyncGenerator<string> {
  let head = `{"id":"chatcmpl-tollgate","object":"chat.completion.chunk","created":0,"model":${JSON.stringify(req.model)}`;
  const started = new Set<number>();
  // The role goes in the first delta of each choice, as OpenAI sends it.
  const role = (choice: number): string => {
    if (started.has(choice)) return "";
    started.add(choice);
    return '"role":"assistant",';
  };
  const frame = (choice: number, delta: string, finish: string | null = null): string =>
    `data: ${head},"choices":[{"index":${choice},"delta":{${role(choice)}${delta}},"logprobs":null,"finish_reason":${finish === null ? "null" : JSON.stringify(finish)}}]}\n\n`;
  for await (const c of chunks) {
    switch (c.type) {
      case "start":
        head = `{"id":${JSON.stringify(openAIId(c.id))},"object":"chat.completion.chunk","created":${c.created},"model":${JSON.stringify(c.model)}`;
        // OpenAI opens every stream with the role and empty content; the client sees a byte at once.
        yield frame(0, '"content":""');
        break;
      case "text-delta":
        yield frame(c.choice, `"content":${JSON.stringify(c.text)}`);
        break;
      case "thinking-delta":
        // OpenAI's Chat Completions has no reasoning field; DeepSeek-style `reasoning_content` is
        // what OpenAI-compatible clients read, and the official SDK ignores unknown delta fields.
        if (c.text) yield frame(c.choice, `"reasoning_content":${JSON.stringify(c.text)}`);
        break;
      case "tool-call-start":
        yield frame(
          c.choice,
          `"tool_calls":[{"index":${c.index},"id":${JSON.stringify(c.id)},"type":"function","function":{"name":${JSON.stringify(c.name)},"arguments":""}}]`,
        );
        break;
      case "tool-call-delta":
        yield frame(
          c.choice,
          `"tool_calls":[{"index":${c.index},"function":{"arguments":${JSON.stringify(c.arguments)}}}]`,
        );
        break;
      case "logprobs":
        yield `data: ${head},"choices":[{"index":${c.choice},"delta":{},"logprobs":${JSON.stringify(c.logprobs)},"finish_reason":null}]}\n\n`;
        break;
      case "finish":
        yield frame(c.choice, "", toOpenAIFinish(c.reason));
        break;
      case "usage":
        // Tollgate always asks upstream for usage; the client sees it only if it asked too.
        if (req.stream_include_usage)
          yield `data: ${head},"choices":[],"usage":${JSON.stringify(toOpenAIUsage(c.usage))}}\n\n`;
        break;
      case "error":
        yield `data: ${JSON.stringify(renderOpenAIError(c.error).body)}\n\n`;
        return;
    }
  }
  yield "data: [DONE]\n\n";
}

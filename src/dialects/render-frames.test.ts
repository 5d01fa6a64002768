import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../canonical/chat.js";
import type { ChatChunk } from "../canonical/chunk.js";
import { batchedChunks } from "../canonical/chunk-batches.js";
import { GatewayError } from "../canonical/errors.js";
import { anthropicDialect } from "./anthropic/index.js";
import { renderAnthropicStream } from "./anthropic/render-stream.js";
import { openaiDialect } from "./openai/index.js";
import { renderOpenAIStream } from "./openai/render-stream.js";

const REQ: ChatRequest = { model: "alias", stream: true, messages: [] };
const text = (t: string): ChatChunk => ({ type: "text-delta", choice: 0, text: t });
const START: ChatChunk = { type: "start", id: "msg_1", model: "m", created: 1 };
const FINISH: ChatChunk = { type: "finish", choice: 0, reason: "stop" };
const USAGE: ChatChunk = { type: "usage", usage: { input_tokens: 3, output_tokens: 2 } };
const ERROR: ChatChunk = {
  type: "error",
  error: new GatewayError({ status: 502, kind: "upstream", code: "upstream_error", message: "gone" }),
};

async function* plain(chunks: ChatChunk[]) {
  for (const c of chunks) yield c;
}
async function* gen(batches: ChatChunk[][]) {
  for (const b of batches) yield b;
}

async function all(frames: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const f of frames) out.push(f);
  return out;
}

const renderers = [
  { dialect: openaiDialect.name, render: renderOpenAIStream },
  { dialect: anthropicDialect.name, render: renderAnthropicStream },
] as const;

describe.each(renderers)("$dialect renderFrames", ({ render }) => {
  const batches = [
    [START, text("Hel")],
    [text("lo"), FINISH, USAGE],
  ];

  it("renders a batched stream as one string per batch, the same text as chunk by chunk", async () => {
    const byChunk = (await all(render(plain(batches.flat()), REQ))).join("");
    const batched = await all(
      render(
        batchedChunks(() => gen(batches)),
        REQ,
      ),
    );
    expect(batched.join("")).toBe(byChunk);
    // Two batches, then the closing events once the chunks end.
    expect(batched.length).toBeLessThanOrEqual(3);
    expect(batched[0]).toContain("Hel");
    expect(batched[1]).toContain("lo");
  });

  it("stops at an error chunk inside a batch: nothing after it, no success terminator", async () => {
    const out = (
      await all(
        render(
          batchedChunks(() => gen([[START, text("a"), ERROR, text("late")]])),
          REQ,
        ),
      )
    ).join("");
    expect(out).not.toContain("late");
    expect(out).not.toContain("[DONE]");
    expect(out).not.toContain("message_stop");
    expect(out).toContain("gone");
  });
});

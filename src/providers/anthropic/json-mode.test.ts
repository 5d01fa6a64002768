/**
 * JSON mode as the forced JSON tool: the request rewrite (its wire form is pinned by the
 * `json-object-*` request fixtures) and the way back, where the tool's call becomes the answer's
 * text, whole and streamed (in one batch per upstream read).
 */
import { describe, expect, it } from "vitest";
import type { ChatRequest, ChatResponse } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { batchedChunks, chunkBatches } from "../../canonical/chunk-batches.js";
import type { CodecContext } from "../types.js";
import { JSON_TOOL, jsonToolChunksToText, jsonToolToText, withJsonTool } from "./json-mode.js";

const ctx: CodecContext = {
  target: { provider: "p", model: "claude" },
  warn: () => {},
  onUnsupported: "error",
};
const ask = (over: Omit<Partial<ChatRequest>, "stream"> = {}): ChatRequest => ({
  model: "claude",
  messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
  stream: false,
  response_format: { type: "json_object" },
  ...over,
});
const LOOKUP = { name: "lookup", parameters: { type: "object" } };

describe("withJsonTool", () => {
  it("forces the JSON tool alone, or any tool beside the client's, and leaves a forced choice", () => {
    expect(withJsonTool(ask(), ctx, "p").tool_choice).toEqual({ type: "tool", name: JSON_TOOL });
    const beside = withJsonTool(ask({ tools: [LOOKUP] }), ctx, "p");
    expect(beside.tools?.map((t) => t.name)).toEqual(["lookup", JSON_TOOL]);
    expect(beside.tool_choice).toEqual({ type: "required" });
    const forced = withJsonTool(
      ask({ tools: [LOOKUP], tool_choice: { type: "tool", name: "lookup" } }),
      ctx,
      "p",
    );
    expect(forced.tools).toEqual([LOOKUP]);
    expect(forced.response_format).toBeUndefined();
  });

  it("refuses the reserved name and thinking, and leaves other requests alone", () => {
    expect(() => withJsonTool(ask({ tools: [{ name: JSON_TOOL }] }), ctx, "p")).toThrow(/reserved/);
    expect(() => withJsonTool(ask({ reasoning: { effort: "high" } }), ctx, "p")).toThrow(/thinking/);
    const plain = ask({ response_format: { type: "text" } });
    expect(withJsonTool(plain, ctx, "p")).toBe(plain);
  });
});

describe("the way back", () => {
  it("makes the JSON tool's call the text of a whole answer", () => {
    const res: ChatResponse = {
      id: "m",
      model: "claude",
      created: 0,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: [],
            tool_calls: [{ id: "t", name: JSON_TOOL, arguments: '{"a":1}' }],
          },
          finish_reason: "tool_calls",
          raw_finish_reason: "tool_use",
        },
      ],
    };
    const [choice] = jsonToolToText(res).choices;
    expect(choice!.message).toEqual({ role: "assistant", content: [{ type: "text", text: '{"a":1}' }] });
    expect(choice!.finish_reason).toBe("stop");
    expect(choice!.raw_finish_reason).toBe("tool_use");
  });

  it("streams the call's arguments as text, batch for batch", async () => {
    const reads: ChatChunk[][] = [
      [
        { type: "start", id: "m", model: "claude", created: 0 },
        { type: "tool-call-start", choice: 0, index: 0, id: "t", name: JSON_TOOL },
      ],
      [
        { type: "tool-call-delta", choice: 0, index: 0, arguments: '{"a"' },
        { type: "tool-call-delta", choice: 0, index: 0, arguments: ":1}" },
      ],
      [{ type: "finish", choice: 0, reason: "tool_calls", raw: "tool_use" }],
    ];
    const out = jsonToolChunksToText(
      batchedChunks(async function* () {
        yield* reads;
      }),
    );
    const batches: ChatChunk[][] = [];
    for await (const b of chunkBatches(out)!) batches.push(b);
    expect(batches).toEqual([
      [{ type: "start", id: "m", model: "claude", created: 0 }],
      [
        { type: "text-delta", choice: 0, text: '{"a"' },
        { type: "text-delta", choice: 0, text: ":1}" },
      ],
      [{ type: "finish", choice: 0, reason: "stop", raw: "tool_use" }],
    ]);
  });

  it("keeps a client tool's call as a call", async () => {
    const chunks: ChatChunk[] = [
      { type: "tool-call-start", choice: 0, index: 0, id: "t", name: "lookup" },
      { type: "finish", choice: 0, reason: "tool_calls" },
    ];
    const out: ChatChunk[] = [];
    for await (const c of jsonToolChunksToText(
      (async function* () {
        yield* chunks;
      })(),
    ))
      out.push(c);
    expect(out).toEqual(chunks);
  });
});

/**
 * Gemini 3 thought signatures through the canonical form and the OpenAI dialect: a tool loop
 * whose second request carries the signature back (fixture fidelity/thought-signature-tool-loop.json).
 */
import { describe, expect, it } from "vitest";
import { loadFidelity } from "../../../test/support/fidelity.js";
import type { ChatRequest } from "../../canonical/chat.js";
import { parseOpenAIChat } from "../../dialects/openai/parse-request.js";
import { renderOpenAIChat } from "../../dialects/openai/render-response.js";
import { OpenAIStreamRenderer } from "../../dialects/openai/render-stream.js";
import { testCtx } from "./__fixtures__/test-ctx.js";
import { geminiProvider } from "./index.js";

interface Expected {
  openaiToolCall: Record<string, unknown>;
  nextContents: unknown[];
  lostSignature: string;
}
const f = loadFidelity<ChatRequest, Expected>(import.meta.dirname, "thought-signature-tool-loop");
const model = f.model as string;
const provider = geminiProvider.create("google", { type: "gemini", api_key: "AIzaSyTestKey" });

type Rendered = { choices: Array<{ message: { tool_calls: Array<Record<string, unknown>> } }> };

/** The OpenAI client's next request: its history plus the assistant message it was given. */
function nextRequest(toolCall: Record<string, unknown>): unknown {
  return {
    model: "alias",
    tools: [
      { type: "function", function: { name: "check_flight", parameters: f.request.tools![0]!.parameters } },
    ],
    messages: [
      { role: "user", content: "Check flight status for AA100 and book a taxi 2 hours before if delayed." },
      { role: "assistant", content: null, tool_calls: [toolCall] },
      { role: "tool", tool_call_id: toolCall.id, content: '{"status":"delayed","departure_time":"12 PM"}' },
    ],
  };
}

async function contentsOf(body: unknown, m = model) {
  const ctx = testCtx(m);
  const up = await provider.chat.encode(parseOpenAIChat(body), ctx);
  return { contents: JSON.parse(String(up.body)).contents, warnings: ctx.warnings };
}

describe("gemini thought signatures ⇄ OpenAI clients", () => {
  it("renders the signature on the tool call and takes it back from the client", async () => {
    const res = provider.chat.decode(f.response, testCtx(model));
    expect(res.choices[0]!.message.tool_calls![0]!.signature).toBe("Q2hlY2tGbGlnaHRTaWduYXR1cmVB");
    const call = (renderOpenAIChat(res) as Rendered).choices[0]!.message.tool_calls[0]!;
    expect(call).toEqual(f.expected.openaiToolCall);
    const next = await contentsOf(nextRequest(call));
    expect(next.contents).toEqual(f.expected.nextContents);
    expect(next.warnings).toEqual([]);
  });

  it("streams the signature with the tool call's first delta", () => {
    const r = new OpenAIStreamRenderer({ model: "alias", messages: [], stream: true });
    const frame = r.push({
      type: "tool-call-start",
      choice: 0,
      index: 0,
      id: "call_0",
      name: "check_flight",
      signature: "Q2hlY2tGbGlnaHRTaWduYXR1cmVB",
    });
    const delta = JSON.parse(frame.slice("data: ".length)).choices[0].delta;
    expect(delta.tool_calls[0].extra_content).toEqual(f.expected.openaiToolCall.extra_content);
  });

  it("sends the documented skip value when the client lost the signature (Gemini 3 only)", async () => {
    const { extra_content: _lost, ...bare } = f.expected.openaiToolCall;
    const lost = await contentsOf(nextRequest(bare));
    expect(lost.contents[1].parts[0].thoughtSignature).toBe(f.expected.lostSignature);
    expect(lost.warnings).toHaveLength(1);
    const older = await contentsOf(nextRequest(bare), "gemini-2.5-flash");
    expect(older.contents[1].parts[0]).not.toHaveProperty("thoughtSignature");
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFidelity } from "../../../test/support/fidelity.js";
import { CANONICAL_INPUTS, expectGolden, loadCanonical, ROOT } from "../../../test/support/golden.js";
import type { ChatRequest } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { testCtx } from "./__fixtures__/test-ctx.js";
import { geminiProvider } from "./index.js";

const DIR = join(ROOT, "src", "providers", "gemini", "__fixtures__", "requests");
const KEY = "AIzaSyTestKey000000000000000000000000000";
const provider = geminiProvider.create("google", { type: "gemini", api_key: KEY });

async function encode(req: ChatRequest, onUnsupported: "error" | "drop" = "error") {
  const ctx = testCtx("gemini-2.5-flash", onUnsupported);
  const up = await provider.chat.encode(req, ctx);
  return { up, ctx, golden: { ...up, body: JSON.parse(String(up.body)), warnings: ctx.warnings } };
}

describe("gemini encode: every shared canonical input", () => {
  for (const name of CANONICAL_INPUTS) {
    it(name, async () => {
      const { up, golden } = await encode(loadCanonical(name));
      expectGolden(join(DIR, `${name}.json`), golden);
      // The key goes in a header, never in the URL (URLs end up in logs).
      expect(up.headers["x-goog-api-key"]).toBe(KEY);
      expect(up.url).not.toContain(KEY);
      expect(up.url).not.toMatch(/[?&]key=/);
    });
  }
});

describe("gemini encode: $ref/$defs and image/jpg (issue 9, item 14)", () => {
  it("inlines local references and sends image/jpg as image/jpeg", async () => {
    const input = JSON.parse(
      readFileSync(join(DIR, "..", "inputs", "tool-ref-defs.json"), "utf8"),
    ) as ChatRequest & { _source?: string };
    delete input._source;
    const { golden } = await encode(input);
    expectGolden(join(DIR, "tool-ref-defs.json"), golden);
    const params = golden.body.tools[0].functionDeclarations[0].parameters;
    expect(params.properties.legs.items.properties.to_city.properties.country).toEqual({
      title: "Country",
      type: "string",
    });
    expect(JSON.stringify(params)).not.toMatch(/\$ref|\$defs/);
    expect(golden.body.contents[0].parts[1].inlineData.mimeType).toBe("image/jpeg");
    expect(golden.warnings).toEqual([]);
  });

  it("cuts a recursive reference after a few levels, with a warning", async () => {
    const tree = {
      $defs: {
        Node: { type: "object", properties: { name: { type: "string" }, child: { $ref: "#/$defs/Node" } } },
      },
      $ref: "#/$defs/Node",
    };
    const { golden } = await encode({ ...base, tools: [{ name: "t", parameters: tree }] }, "drop");
    expect(golden.body.tools[0].functionDeclarations[0].parameters.properties.child.type).toBe("object");
    expect(golden.warnings.join()).toMatch(/\$ref/);
  });
});

const base: ChatRequest = {
  model: "m",
  stream: false,
  messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
};

describe("gemini encode: mappings", () => {
  it("looks up functionResponse names from the nearest earlier call with that id, and merges turns", async () => {
    const req: ChatRequest = {
      ...base,
      messages: [
        { role: "user", content: [{ type: "text", text: "a" }] },
        { role: "assistant", content: [], tool_calls: [{ id: "call_0", name: "first", arguments: "{}" }] },
        { role: "tool", tool_call_id: "call_0", content: [{ type: "text", text: "not json" }] },
        {
          role: "assistant",
          content: [],
          tool_calls: [
            { id: "call_0", name: "second", arguments: '{"x":1}' },
            { id: "call_1", name: "third", arguments: "" },
          ],
        },
        { role: "tool", tool_call_id: "call_0", content: [{ type: "text", text: "[1,2]" }] },
        { role: "tool", tool_call_id: "call_1", content: [{ type: "text", text: "boom" }], is_error: true },
        { role: "user", content: [{ type: "text", text: "next" }] },
      ],
    };
    const { golden } = await encode(req);
    const contents = golden.body.contents;
    expect(contents.map((c: { role: string }) => c.role)).toEqual(["user", "model", "user", "model", "user"]);
    expect(contents[2].parts[0]).toEqual({
      functionResponse: { name: "first", response: { content: "not json" } },
    });
    expect(contents[4].parts).toEqual([
      { functionResponse: { name: "second", response: { content: [1, 2] } } },
      { functionResponse: { name: "third", response: { error: "boom" } } },
      { text: "next" },
    ]);
    expect(contents[3].parts[1]).toEqual({ functionCall: { name: "third", args: {} } });
  });

  it("refuses a tool result that answers no call", async () => {
    const req: ChatRequest = { ...base, messages: [{ role: "tool", tool_call_id: "nope", content: [] }] };
    await expect(encode(req)).rejects.toThrow(/does not answer/);
  });

  it("sends the thought signature back on the first function call", async () => {
    const req: ChatRequest = {
      ...base,
      messages: [
        { role: "user", content: [{ type: "text", text: "a" }] },
        {
          role: "assistant",
          content: [{ type: "thinking", text: "hmm", signature: "SIG" }],
          tool_calls: [
            { id: "call_0", name: "f", arguments: "{}" },
            { id: "call_1", name: "g", arguments: "{}" },
          ],
        },
      ],
    };
    const { golden } = await encode(req);
    expect(golden.body.contents[1].parts).toEqual([
      { thought: true, text: "hmm" },
      { functionCall: { name: "f", args: {} }, thoughtSignature: "SIG" },
      { functionCall: { name: "g", args: {} } },
    ]);
  });

  it("maps sampling, n, logprobs, reasoning and tool_choice none", async () => {
    const { golden } = await encode({
      ...base,
      top_k: 40,
      n: 2,
      presence_penalty: 0.5,
      frequency_penalty: 0.1,
      logprobs: true,
      top_logprobs: 3,
      reasoning: { effort: "low" },
      tool_choice: { type: "none" },
      response_format: { type: "json_object" },
    });
    expect(golden.body.generationConfig).toEqual({
      topK: 40,
      candidateCount: 2,
      presencePenalty: 0.5,
      frequencyPenalty: 0.1,
      responseLogprobs: true,
      logprobs: 3,
      responseMimeType: "application/json",
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    expect(golden.body.toolConfig).toEqual({ functionCallingConfig: { mode: "NONE" } });
  });

  it("refuses logit_bias by default and drops it with a warning when configured", async () => {
    const req = { ...base, logit_bias: { "50256": -100 } };
    const err = await encode(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe("unsupported_parameter");
    const { golden } = await encode(req, "drop");
    expect(golden.warnings.join()).toMatch(/logit_bias/);
    expect(golden.body.generationConfig).toBeUndefined();
  });

  it("strips schema keywords outside Gemini's subset and warns about meaningful ones", async () => {
    const { golden } = await encode({
      ...base,
      tools: [
        {
          name: "f",
          parameters: {
            $schema: "http://json-schema.org/draft-07/schema#",
            type: "object",
            additionalProperties: false,
            properties: {
              a: { type: ["string", "null"], const: "x" },
              b: {
                type: "object",
                additionalProperties: { type: "number" },
                properties: { c: { type: "integer" } },
              },
            },
          },
        },
        { name: "noargs", parameters: { type: "object", properties: {} } },
      ],
    });
    const decls = golden.body.tools[0].functionDeclarations;
    expect(decls[0].parameters).toEqual({
      type: "object",
      properties: {
        a: { type: "string", nullable: true, enum: ["x"] },
        b: { type: "object", properties: { c: { type: "integer" } } },
      },
    });
    expect(decls[1]).toEqual({ name: "noargs" });
    expect(golden.warnings).toHaveLength(1);
    expect(golden.warnings[0]).toContain("$.properties.b.additionalProperties");
  });

  it("streams with alt=sse", async () => {
    const { up } = await encode({ ...base, stream: true });
    expect(up.url).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
  });
});

describe("gemini encode: thinking config per model (fidelity fixture)", () => {
  interface Case {
    model: string;
    effort: string;
    thinkingConfig: Record<string, unknown>;
    warns?: boolean;
  }
  const f = loadFidelity<ChatRequest, Case[]>(join(ROOT, "src", "providers", "gemini"), "thinking-config");
  for (const c of f.expected) {
    it(`${c.model}, reasoning_effort ${c.effort}`, async () => {
      const ctx = testCtx(c.model);
      const up = await provider.chat.encode({ ...f.request, reasoning: { effort: c.effort } }, ctx);
      expect(JSON.parse(String(up.body)).generationConfig.thinkingConfig).toEqual(c.thinkingConfig);
      expect(ctx.warnings.length > 0).toBe(c.warns === true);
    });
  }
});

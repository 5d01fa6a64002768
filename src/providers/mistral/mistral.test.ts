import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadFidelity } from "../../../test/support/fidelity.js";
import { loadCanonical } from "../../../test/support/golden.js";
import type { ChatRequest } from "../../canonical/index.js";
import { goldenSuite, testContext } from "../openai/__fixtures__/suite.js";
import { mistralProvider } from "./index.js";
import { toMistralToolCallId } from "./tool-ids.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");
const provider = mistralProvider.create("mistral", { type: "mistral", api_key: "mistral-test-key" });
const target = { provider: "mistral", model: "mistral-small-latest" };

describe("mistral golden fixtures", () => {
  goldenSuite(provider, FIXTURES, target);
});

describe("mistral specifics", () => {
  it("maps foreign tool call ids to 9 alphanumerics, the same way in the call and its result", async () => {
    const r = await provider.chat.encode(loadCanonical("chat-tool-result"), testContext(target));
    const body = JSON.parse(String(r.body));
    const callId = body.messages[1].tool_calls[0].id;
    expect(callId).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(body.messages[2].tool_call_id).toBe(callId);
    expect(toMistralToolCallId("D681PevKs")).toBe("D681PevKs");
    expect(toMistralToolCallId("call_1")).not.toBe(toMistralToolCallId("call_2"));
  });

  it("uses random_seed, max_tokens and tool_choice any, and never stream_options", async () => {
    const req: ChatRequest = {
      ...loadCanonical("chat-tools"),
      tool_choice: { type: "required" },
      seed: 3,
      max_tokens: 10,
      n: 2,
    };
    const body = JSON.parse(String((await provider.chat.encode(req, testContext(target))).body));
    expect(body).toMatchObject({ random_seed: 3, max_tokens: 10, tool_choice: "any", stream: true, n: 2 });
    expect(body).not.toHaveProperty("seed");
    expect(body).not.toHaveProperty("stream_options");
    expect(body).not.toHaveProperty("max_completion_tokens");
  });

  it("refuses what Mistral does not serve, or drops it with a warning", async () => {
    const base: ChatRequest = { model: "a", messages: loadCanonical("chat-basic").messages, stream: false };
    for (const extra of [{ logit_bias: { "1": 1 } }, { logprobs: true }, { user: "u" }, { top_k: 5 }]) {
      await expect(async () =>
        provider.chat.encode({ ...base, ...extra }, testContext(target)),
      ).rejects.toMatchObject({
        code: "unsupported_parameter",
        provider: "mistral",
      });
    }
    const ctx = testContext(target, "drop");
    const body = JSON.parse(String((await provider.chat.encode({ ...base, user: "u", top_k: 5 }, ctx)).body));
    expect(body).not.toHaveProperty("user");
    expect(ctx.warnings).toHaveLength(2);
  });

  it("has no OpenAI passthrough and maps embeddings dimensions to output_dimension", async () => {
    expect(provider.passthrough).toBeUndefined();
    const r = await provider.embeddings!.encode(
      { model: "e", input: ["a"], dimensions: 256 },
      testContext({ provider: "mistral", model: "codestral-embed" }),
    );
    expect(r.url).toBe("https://api.mistral.ai/v1/embeddings");
    expect(JSON.parse(String(r.body))).toEqual({
      model: "codestral-embed",
      input: ["a"],
      output_dimension: 256,
    });
  });
});

describe("mistral fidelity fixtures", () => {
  it.each(["message-fields", "tool-without-parameters", "reasoning-effort"])(
    "encodes %s as Mistral documents it",
    async (name) => {
      const f = loadFidelity<ChatRequest, Record<string, unknown>>(import.meta.dirname, name);
      const ctx = testContext(target);
      const body = JSON.parse(String((await provider.chat.encode(f.request, ctx)).body));
      expect(body).toMatchObject(f.expected as Record<string, unknown>);
      if (name === "message-fields") {
        for (const m of body.messages) expect(Object.keys(m).sort()).toEqual(["content", "role"]);
        expect(ctx.warnings).toEqual(["Mistral does not take message fields name, refusal; dropped"]);
      }
    },
  );
});

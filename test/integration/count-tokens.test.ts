/**
 * `POST /v1/messages/count_tokens` through the official Anthropic SDK's `messages.countTokens`:
 * Anthropic's own count for a Claude target (the client's body carried), a tokenizer estimate
 * labelled as such for a provider without a count endpoint, and the API's refusals.
 */
import Anthropic from "@anthropic-ai/sdk";
import { countTokens as o200k } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
let client: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  client = new Anthropic({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => h?.close());

const PARAMS = {
  system: "Be brief.",
  messages: [{ role: "user" as const, content: "What is the weather in Paris today?" }],
};

describe("messages.countTokens", () => {
  it("is Anthropic's own count for a Claude target, with the client's body as sent", async () => {
    const { data, response } = await client.messages
      .countTokens({ model: "claude-sonnet", ...PARAMS })
      .withResponse();
    expect(data.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-tollgate-token-count")).toBe("provider");
    const sent = h.emulator.requests.at(-1)!;
    expect(sent.path).toBe("/v1/messages/count_tokens");
    expect(sent.body).toEqual({ model: "claude-sonnet-4-5", ...PARAMS });
  });

  it("is a tokenizer estimate, labelled, where the provider has no count endpoint", async () => {
    const before = h.emulator.requests.length;
    const { data, response } = await client.messages
      .countTokens({ model: "gpt-4o-mini", ...PARAMS })
      .withResponse();
    expect(response.headers.get("x-tollgate-token-count")).toBe("estimate");
    expect(response.headers.get("x-tollgate-token-count-method")).toBe("o200k_base");
    // Two messages (system, user) at 3 tokens each, plus 3 to prime the reply.
    const expected = 9 + o200k("Be brief.") + o200k("What is the weather in Paris today?");
    expect(data.input_tokens).toBe(expected);
    expect(h.emulator.requests.length).toBe(before);
  });

  it("refuses fields the endpoint does not take, as Anthropic does", async () => {
    const err = await client.messages
      .countTokens({ model: "gpt-4o-mini", ...PARAMS, max_tokens: 10 } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((err as Error).message)).toContain("max_tokens: Extra inputs are not permitted");
  });

  it("refuses an unknown model and a missing key in Anthropic's shape", async () => {
    const unknown = await client.messages.countTokens({ model: "nope", ...PARAMS }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    const anon = new Anthropic({ baseURL: h.url, apiKey: "tg-wrong-key-000000000", maxRetries: 0 });
    const denied = await anon.messages
      .countTokens({ model: "claude-sonnet", ...PARAMS })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(Anthropic.AuthenticationError);
  });
});

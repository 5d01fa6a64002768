/**
 * `POST /v1/messages/count_tokens` through the official Anthropic SDK's `messages.countTokens`:
 * the provider's own count where it has one (Anthropic with the client's body carried, Claude and
 * Gemini on Vertex AI, Claude on Bedrock, Gemini), a tokenizer estimate labelled as such for a
 * model without a count endpoint, and the API's refusals.
 */
import Anthropic from "@anthropic-ai/sdk";
import { countTokens as o200k } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { emulatedGoogleCloud } from "../support/service-account.js";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
let client: Anthropic;
// The reference config has no Google or AWS provider: they point at an emulator of their own.
let emu: Emulator;

beforeAll(async () => {
  emu = await startAllEmulators();
  h = await startHarness(
    {},
    {
      add: {
        providers: {
          google: { type: "gemini", base_url: emu.url, api_key: "gemini-emulated" },
          gcp: { type: "vertex", ...emulatedGoogleCloud(emu.url) },
          aws: {
            type: "bedrock",
            region: "us-east-1",
            access_key_id: "AKIAEXAMPLECOUNTING1",
            secret_access_key: "count-tokens-example-secret",
            base_url: emu.url,
          },
        },
        models: [
          { name: "gemini-flash", targets: [{ provider: "google", model: "gemini-2.5-flash" }] },
          { name: "gcp-gemini", targets: [{ provider: "gcp", model: "gemini-2.5-flash" }] },
          { name: "gcp-claude", targets: [{ provider: "gcp", model: "claude-sonnet-4-5@20250929" }] },
          {
            name: "aws-claude",
            targets: [{ provider: "aws", model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }],
          },
          { name: "aws-nova", targets: [{ provider: "aws", model: "amazon.nova-pro-v1:0" }] },
        ],
      },
    },
  );
  client = new Anthropic({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await h?.close();
  await emu?.close();
});

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

  it.each([
    [
      "gcp-claude",
      "/v1/projects/tollgate-test/locations/us-central1/publishers/anthropic/models/count-tokens:rawPredict",
    ],
    [
      "gcp-gemini",
      "/v1/projects/tollgate-test/locations/us-central1/publishers/google/models/gemini-2.5-flash:countTokens",
    ],
    ["aws-claude", "/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/count-tokens"],
    ["gemini-flash", "/v1beta/models/gemini-2.5-flash:countTokens"],
  ])("is the provider's own count for %s, labelled as such", async (model, path) => {
    const { data, response } = await client.messages.countTokens({ model, ...PARAMS }).withResponse();
    expect(response.headers.get("x-tollgate-token-count")).toBe("provider");
    expect(response.headers.get("x-tollgate-token-count-method")).toBeNull();
    const sent = emu.requests.at(-1)!;
    expect(sent.path).toBe(path);
    // The emulators count 1 token per 4 characters of the prompt text; the estimate would be
    // o200k_base's count plus framing, so equality shows the number is the provider's.
    const text = "Be brief.What is the weather in Paris today?";
    expect(data.input_tokens).toBe(Math.ceil(text.length / 4));
  });

  it("is an estimate on Bedrock for a model without CountTokens", async () => {
    const before = emu.requests.length;
    const { response } = await client.messages.countTokens({ model: "aws-nova", ...PARAMS }).withResponse();
    expect(response.headers.get("x-tollgate-token-count")).toBe("estimate");
    expect(emu.requests.length).toBe(before);
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

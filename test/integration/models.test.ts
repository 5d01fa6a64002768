/**
 * `/v1/models` and `/v1/models/{id}` through both official SDKs: each gets its own shape, a key
 * sees only its models, and unknown models and routes answer in the client's dialect.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, KEY, startHarness } from "./harness.js";

const LIMITED = "tg-limited-key-0123456789";
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    keys: [
      { name: "demo-app", key: KEY },
      { name: "limited", key: LIMITED, models: ["gpt-4o-mini"] },
    ],
  });
});
afterAll(() => h?.close());

describe("models, OpenAI shape", () => {
  it("list and retrieve, as openai.models.list() and .retrieve() read them", async () => {
    const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const ids = (await openai.models.list()).data.map((m) => m.id);
    expect(ids).toContain("claude-sonnet");
    const one = await openai.models.retrieve("claude-sonnet");
    expect(one).toMatchObject({ id: "claude-sonnet", object: "model", owned_by: "tollgate" });
    expect(typeof one.created).toBe("number");
  });

  it("a model the key may not use is a 404 like an unknown one", async () => {
    const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: LIMITED, maxRetries: 0 });
    expect((await openai.models.list()).data.map((m) => m.id)).toEqual(["gpt-4o-mini"]);
    const err = await openai.models.retrieve("claude-sonnet").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");
  });
});

describe("models, Anthropic shape", () => {
  it("list and retrieve, as anthropic.models.list() and .retrieve() read them", async () => {
    const anthropic = new Anthropic({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
    const page = await anthropic.models.list();
    expect(page.data.map((m) => m.id)).toContain("gpt-4o-mini");
    expect(page.data[0]).toMatchObject({ type: "model", display_name: page.data[0]!.id });
    expect(Number.isNaN(Date.parse(page.data[0]!.created_at))).toBe(false);
    const one = await anthropic.models.retrieve("gpt-4o-mini");
    expect(one).toMatchObject({ type: "model", id: "gpt-4o-mini" });
  });

  it("an unknown model and an unknown route are Anthropic errors", async () => {
    const anthropic = new Anthropic({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
    const err = await anthropic.models.retrieve("nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    const res = await request(`${h.url}/v1/nothing-here`, {
      headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01" },
    });
    expect(res.statusCode).toBe(404);
    expect(await res.body.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });
});

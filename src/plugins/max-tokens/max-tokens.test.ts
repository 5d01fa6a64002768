import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, KEY, startHarness } from "../../../test/integration/harness.js";
import { validateConfig } from "../../config/load.js";

describe("max-tokens config", () => {
  const base = {
    models: [{ name: "m", targets: [{ provider: "p", model: "x" }] }],
    providers: { p: { type: "openai", api_key: "sk-1" } },
  };

  it("is validated by its own schema, with problems named by plugin", () => {
    const r = validateConfig(
      { ...base, plugins: [{ name: "max-tokens", config: { max: 10, default: 20 } }] },
      {},
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toContain(
      "plugins[max-tokens].config.default: default must not be larger than max",
    );
    const missing = validateConfig({ ...base, plugins: [{ name: "max-tokens" }] }, {});
    expect(!missing.ok && missing.problems.join()).toMatch(/plugins\[max-tokens\]\.config\.max/);
  });

  it("refuses unknown plugins and a key-auth entry", () => {
    const r = validateConfig({ ...base, plugins: [{ name: "max-tokenz" }, { name: "key-auth" }] }, {});
    expect(!r.ok && r.problems).toEqual([
      "plugins[max-tokenz].name: unknown plugin 'max-tokenz' (known: jwt-auth, max-tokens)",
      "plugins[key-auth]: key-auth is always on; configure it with 'auth' and 'keys'",
    ]);
  });
});

describe("max-tokens through the gateway", () => {
  let h: Harness;
  let openai: OpenAI;
  beforeAll(async () => {
    h = await startHarness(
      { plugins: [{ name: "max-tokens", config: { max: 50, default: 20 } }] },
      {
        add: {
          models: [
            {
              name: "tight",
              targets: [{ provider: "openai", model: "gpt-4o-mini" }],
              plugins: [{ name: "max-tokens", config: { max: 5 } }],
            },
          ],
        },
      },
    );
    openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
  });
  afterAll(() => h?.close());

  const sent = () => h.emulator.requests.at(-1)!.body as Record<string, unknown>;
  const capOf = (b: Record<string, unknown>) => b.max_completion_tokens ?? b.max_tokens;

  it("lowers a larger cap on the OpenAI → OpenAI path and says so", async () => {
    const r = await openai.chat.completions
      .create({
        model: "gpt-4o-mini",
        max_completion_tokens: 500,
        messages: [{ role: "user", content: "hi" }],
      })
      .withResponse();
    expect(capOf(sent())).toBe(50);
    expect(r.response.headers.get("x-tollgate-warning")).toMatch(/lowered from 500 to 50/);
  });

  it("gives a request without a cap the default, and leaves a smaller one alone", async () => {
    await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(capOf(sent())).toBe(20);
    const r = await openai.chat.completions
      .create({
        model: "gpt-4o-mini",
        max_completion_tokens: 30,
        messages: [{ role: "user", content: "hi" }],
      })
      .withResponse();
    expect(capOf(sent())).toBe(30);
    expect(r.response.headers.get("x-tollgate-warning")).toBeNull();
  });

  it("a model's own entry replaces the global one", async () => {
    await openai.chat.completions.create({
      model: "tight",
      max_tokens: 40,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(capOf(sent())).toBe(5);
  });

  it("applies across dialects (Anthropic client → Claude)", async () => {
    const res = await fetch(`${h.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": KEY, "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({
        model: "claude-sonnet",
        max_tokens: 4000,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(res.status).toBe(200);
    expect(sent().max_tokens).toBe(50);
  });
});

/**
 * Policy routes and explain through the real server (issue 10): the request contract (headers
 * or metadata) and request features choose the model pool; `/v1/tollgate/explain` says why,
 * without calling a provider.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    routes: [
      {
        name: "restricted-data",
        match: { sensitivity: { in: ["restricted", "confidential"] } },
        model: "llama",
      },
      { name: "batch", match: { latency_class: "batch" }, model: "claude-sonnet", cap: { max_tokens: 40 } },
      { name: "auto-tools", match: { model: "auto", has_tools: true }, model: "gpt-4o-mini" },
      { name: "auto", match: { model: "auto" }, model: "claude-sonnet" },
    ],
  });
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => h.close());

const msg = [{ role: "user" as const, content: "hello" }];

describe("policy routes", () => {
  it("sends restricted data only to the self-hosted pool (header or metadata)", async () => {
    const viaHeader = await client.chat.completions
      .create(
        { model: "gpt-4o-mini", messages: msg },
        { headers: { "x-tollgate-sensitivity": "restricted" } },
      )
      .withResponse();
    expect(viaHeader.response.headers.get("x-tollgate-route")).toBe("restricted-data");
    expect(viaHeader.response.headers.get("x-tollgate-provider")).toBe("local");
    const viaMeta = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: msg, metadata: { sensitivity: "confidential" } })
      .withResponse();
    expect(viaMeta.response.headers.get("x-tollgate-provider")).toBe("local");
    const plain = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: msg })
      .withResponse();
    const configured = h.gateway.config.models.find((m) => m.name === "gpt-4o-mini")!.targets[0]!.provider;
    expect(plain.response.headers.get("x-tollgate-provider")).toBe(configured);
    expect(plain.response.headers.get("x-tollgate-route")).toBe("model:gpt-4o-mini");
  });

  it("caps parameters on a route, and a virtual model name routes by request features", async () => {
    const before = h.emulator.requests.length;
    await client.chat.completions.create(
      { model: "gpt-4o-mini", messages: msg, max_tokens: 900 },
      { headers: { "x-tollgate-latency-class": "batch" } },
    );
    const sent = h.emulator.requests.slice(before).find((r) => r.op === "chat")!;
    expect(sent.path).toBe("/v1/messages");
    expect((sent.body as { max_tokens: number }).max_tokens).toBe(40);
    const tools = [
      { type: "function" as const, function: { name: "f", parameters: { type: "object", properties: {} } } },
    ];
    const withTools = await client.chat.completions
      .create({ model: "auto", messages: msg, tools })
      .withResponse();
    expect(withTools.response.headers.get("x-tollgate-route")).toBe("auto-tools");
    const without = await client.chat.completions.create({ model: "auto", messages: msg }).withResponse();
    expect(without.response.headers.get("x-tollgate-route")).toBe("auto");
    expect(without.response.headers.get("x-tollgate-provider")).toBe("claude");
  });

  it("a model name that neither exists nor matches a route is still a 404 listing the models", async () => {
    const err = await client.chat.completions
      .create({ model: "nope", messages: msg })
      .catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(404);
  });
});

describe("explain", () => {
  const explain = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.url}/v1/tollgate/explain`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("says which route matches and why the others did not, with the targets and the plan, calling no provider", async () => {
    const before = h.emulator.requests.length + h.local.requests.length;
    const res = await explain(
      { model: "gpt-4o-mini", messages: msg },
      { "x-tollgate-sensitivity": "restricted" },
    );
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      route: unknown;
      model: string;
      routes: unknown[];
      targets: unknown[];
      plan: unknown;
      identity: { key: string };
    };
    expect(out.route).toEqual({ name: "restricted-data", model: "llama" });
    expect(out.model).toBe("llama");
    expect(out.routes[1]).toMatchObject({
      route: "batch",
      matched: false,
      because: 'latency_class is absent, not "batch"',
    });
    expect(out.targets[0]).toMatchObject({ id: "local/llama3.1:8b", tier: 1, health: { state: "closed" } });
    expect(out.plan).toEqual([{ tier: 1, targets: ["local/llama3.1:8b"], left_out: [] }]);
    expect(out.identity.key).toBe("demo-app");
    expect(h.emulator.requests.length + h.local.requests.length).toBe(before);
  });

  it("needs the same auth as a chat request, and refuses a bad body in the client's dialect", async () => {
    const noKey = await fetch(`${h.url}/v1/tollgate/explain`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: msg }),
    });
    expect(noKey.status).toBe(401);
    const bad = await explain({ messages: "nope" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBeTruthy();
  });
});

/**
 * Issue 8's request-path items, each against the real server: credentials echoed by an upstream
 * are scrubbed (7), a body that dies mid-way is a 502 that falls back (10), the request contract
 * never reaches a provider (11), the HTTP edge answers in JSON (15), and a stream cut by the
 * shutdown ends with an error event and says so in its record (5).
 *
 * The fault servers below are not provider emulators: they stand for a misbehaving server or proxy
 * in front of one (echoing a key, dying mid-body), which no provider documents.
 */
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/pipeline/context.js";
import { type Harness, KEY, startHarness } from "./harness.js";

const SECRETS = {
  compat: "gsk_live_7Hq2XbP9wLmN4vR8tY1zQ6s",
  azure: "0f3c9e7a5b1d4f8e2a6c0b9d7e5f3a1c",
  euro: "mstrl-Zx81Kq0PwE7uVn3Lb5Yc2Rt",
};

/** Answers 400 with the credential it was sent in the message, as some servers do. */
function echoServer(): Server {
  return createServer((req, res) => {
    const sent = req.headers.authorization ?? req.headers["api-key"] ?? "";
    res.writeHead(400, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ error: { message: `Invalid API key: ${sent}`, type: "invalid_request_error" } }),
    );
  });
}

/** Sends the headers and half a JSON body, then resets the connection. */
function dyingServer(): Server {
  return createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "content-length": "400" });
    res.write('{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"mess');
    setTimeout(() => res.socket?.destroy(), 20);
  });
}

const listen = (s: Server) =>
  new Promise<number>((r) => s.listen(0, "127.0.0.1", () => r((s.address() as { port: number }).port)));

let h: Harness;
let echo: Server;
let dying: Server;
const ended = new Map<string, RequestContext>();
beforeAll(async () => {
  echo = echoServer();
  dying = dyingServer();
  const [ep, dp] = [await listen(echo), await listen(dying)];
  h = await startHarness(
    { server: { host: "127.0.0.1", port: 0, body_limit: 4096, headers_timeout_ms: 300 } },
    {
      onRequestEnd: (ctx) => void ended.set(ctx.id, ctx),
      add: {
        providers: {
          echo_compat: {
            type: "openai-compatible",
            base_url: `http://127.0.0.1:${ep}/v1`,
            api_key: SECRETS.compat,
          },
          echo_azure: {
            type: "azure-openai",
            base_url: `http://127.0.0.1:${ep}`,
            api_key: SECRETS.azure,
            api_version: "2024-10-21",
          },
          echo_euro: { type: "mistral", base_url: `http://127.0.0.1:${ep}/v1`, api_key: SECRETS.euro },
          dying_openai: { type: "openai", base_url: `http://127.0.0.1:${dp}/v1`, api_key: "sk-dying-000000" },
          dying_claude: {
            type: "anthropic",
            base_url: `http://127.0.0.1:${dp}`,
            api_key: "sk-ant-dying-0000",
          },
        },
        models: [
          { name: "echo-compat", targets: [{ provider: "echo_compat", model: "m" }] },
          { name: "echo-azure", targets: [{ provider: "echo_azure", model: "gpt-4o", deployment: "d" }] },
          { name: "echo-euro", targets: [{ provider: "echo_euro", model: "mistral-small-latest" }] },
          { name: "dies", targets: [{ provider: "dying_openai", model: "gpt-4o-mini" }] },
          {
            name: "dies-then-ok",
            retries: { attempts: 0 },
            targets: [
              { provider: "dying_openai", model: "gpt-4o-mini" },
              { provider: "openai", model: "gpt-4o-mini" },
            ],
          },
          {
            name: "dies-translated",
            retries: { attempts: 0 },
            targets: [
              { provider: "dying_claude", model: "claude-haiku-4-5" },
              { provider: "openai", model: "gpt-4o-mini" },
            ],
          },
        ],
      },
    },
  );
});
afterAll(async () => {
  await h?.close();
  echo?.close();
  dying?.close();
});

const openai = () => new OpenAI({ baseURL: `${h.url}/v1`, apiKey: KEY, maxRetries: 0 });

describe("7: configured credentials never reach the client", () => {
  for (const [model, secret] of [
    ["echo-compat", SECRETS.compat],
    ["echo-azure", SECRETS.azure],
    ["echo-euro", SECRETS.euro],
  ] as const) {
    it(`${model}: the echoed key is scrubbed from the error`, async () => {
      const res = await request(`${h.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
      });
      const text = await res.body.text();
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(0, 12));
    });
  }
});

describe("10: an upstream body that dies mid-way is a transport failure", () => {
  it("is a 502 in the client's dialect, not a 500", async () => {
    const err = await openai()
      .chat.completions.create({ model: "dies", messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toMatch(/^upstream_/);
  });

  it("falls back to the next target on the passthrough and on the translated path", async () => {
    for (const model of ["dies-then-ok", "dies-translated"]) {
      const r = await openai()
        .chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] })
        .withResponse();
      expect(r.data.choices[0]!.message.content).toBeTruthy();
      expect(r.response.headers.get("x-tollgate-attempts")).toBe("2");
      const fallback = h.gateway.config.models.find((m) => m.name === model)!.targets[1]!.provider;
      expect(r.response.headers.get("x-tollgate-provider")).toBe(fallback);
    }
  });
});

describe("11: the request contract is Tollgate's, not the provider's", () => {
  it("an Anthropic client's metadata contract reaches the record, not Claude (passthrough)", async () => {
    const anthropic = new Anthropic({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
    const r = await anthropic.messages
      .create({
        model: "claude-sonnet",
        max_tokens: 20,
        messages: [{ role: "user", content: "hi" }],
        metadata: { user_id: "u-42", tenant: "acme", workflow: "triage" } as never,
      })
      .withResponse();
    const sent = h.emulator.requests.at(-1)!.body as { metadata?: Record<string, unknown> };
    expect(sent.metadata).toEqual({ user_id: "u-42" });
    const id = r.response.headers.get("x-request-id")!;
    await expect.poll(() => ended.get(id)).toBeTruthy();
    expect(ended.get(id)!.contract).toMatchObject({ tenant: "acme", workflow: "triage" });
    expect(ended.get(id)!.trace.record).toMatchObject({ tenant: "acme", workflow: "triage", user: "u-42" });
  });

  it("an OpenAI client's metadata keeps its own keys and loses the contract ones", async () => {
    await openai().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      metadata: { tenant: "acme", sensitivity: "internal", ticket: "T-1" },
    });
    const sent = h.emulator.requests.at(-1)!.body as { metadata?: Record<string, unknown> };
    expect(sent.metadata).toEqual({ ticket: "T-1" });
  });
});

describe("15: the HTTP edge", () => {
  it("a declared body over the limit gets a readable 413, not a dropped connection", async () => {
    const body = JSON.stringify({
      model: "llama",
      messages: [{ role: "user", content: "x".repeat(200_000) }],
    });
    const res = await request(`${h.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body,
    });
    expect(res.statusCode).toBe(413);
    expect(((await res.body.json()) as { error: { code: string } }).error.code).toBe("request_too_large");
  });

  it("an oversized header gets 431 with a JSON body", async () => {
    const res = await rawRequest(
      `GET /v1/models HTTP/1.1\r\nHost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    expect(res).toMatch(/^HTTP\/1\.1 431/);
    expect(JSON.parse(res.slice(res.indexOf("\r\n\r\n") + 4)).error.code).toBe("headers_too_large");
  });

  it("a client that never finishes its headers is answered 408 and closed", async () => {
    const res = await rawRequest("GET /v1/models HTTP/1.1\r\nHost: x\r\n", { keepOpen: true });
    expect(res).toMatch(/^HTTP\/1\.1 408/);
  });

  it("an unknown route is logged and counted like any request", async () => {
    const res = await request(`${h.url}/v1/nope`, { method: "POST" });
    await res.body.dump();
    const id = res.headers["x-request-id"] as string;
    await expect.poll(() => ended.get(id)).toBeTruthy();
    expect(ended.get(id)).toMatchObject({ operation: "other", status: 404, errorCode: "route_not_found" });
  });
});

/** Writes raw bytes and reads until the server closes the connection. */
function rawRequest(text: string, opts: { keepOpen?: boolean } = {}): Promise<string> {
  const port = Number(new URL(h.url).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let out = "";
    socket.on("data", (d) => {
      out += d.toString("utf8");
    });
    socket.on("end", () => resolve(out));
    socket.on("error", (e) => (out ? resolve(out) : reject(e)));
    if (!opts.keepOpen) socket.on("close", () => resolve(out));
  });
}

describe("5: streams still running when the shutdown grace expires", () => {
  it("end with the dialect's error event, and their record says so", async () => {
    const seen = new Map<string, RequestContext>();
    const g = await startHarness({}, { onRequestEnd: (ctx) => void seen.set(ctx.id, ctx) });
    try {
      const client = new OpenAI({ baseURL: `${g.url}/v1`, apiKey: KEY, maxRetries: 0 });
      const { data: stream, response } = await client.chat.completions
        .create({
          model: "gpt-4o-mini",
          stream: true,
          messages: [{ role: "user", content: "[[scenario:stall-after-3-chunks]]" }],
        })
        .withResponse();
      const it = stream[Symbol.asyncIterator]();
      await it.next(); // the stream is under way
      const closing = g.gateway.close(50);
      let err: unknown;
      try {
        while (!(await it.next()).done);
      } catch (e) {
        err = e;
      }
      await closing;
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect((err as Error).message).toMatch(/shutting down/);
      const id = response.headers.get("x-request-id")!;
      await expect.poll(() => seen.get(id)).toBeTruthy();
      expect(seen.get(id)).toMatchObject({ status: 200, errorCode: "server_shutting_down" });
    } finally {
      await g.emulator.close();
      await g.local.close();
    }
  });
});

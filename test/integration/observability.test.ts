/**
 * Observability through the real gateway: one usage record per request (JSONL file), the request
 * path not waiting on a sink that blocks, Prometheus metrics on the admin port, and the incoming
 * W3C traceparent propagated to the provider.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { pino } from "pino";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { ENV, KEY, referenceConfig } from "./harness.js";

let emu: Emulator;
let gateway: Gateway;
let url: string;
let adminUrl: string;
let hook: Server;
let hookHits = 0;
const file = join(mkdtempSync(join(tmpdir(), "tg-obs-")), "records.jsonl");

beforeAll(async () => {
  // A webhook receiver that never answers: the request path must not notice.
  hook = createServer(() => {
    hookHits++;
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  emu = await startAllEmulators();
  gateway = createGateway({
    config: referenceConfig(emu.port, emu.port, {
      observability: {
        log: { file },
        webhook: {
          url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
          flush_ms: 10,
          batch_size: 1,
        },
      },
      admin: { host: "127.0.0.1", port: 0 },
    }),
    env: ENV,
    logger: pino({ level: "silent" }),
  });
  const listening = await gateway.listen({ port: 0, host: "127.0.0.1", admin: true });
  url = listening.url;
  adminUrl = listening.adminUrl!;
});

afterAll(async () => {
  await gateway?.close(0);
  hook?.closeAllConnections();
  hook?.close();
  await emu?.close();
});

function records(): Array<Record<string, unknown>> {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

describe("usage records, metrics and traces", () => {
  it("writes one record per request with tokens, route and timings, without waiting on a stuck webhook", async () => {
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0 });
    const res = await client.chat.completions.create(
      { model: "claude-sonnet", messages: [{ role: "user", content: "hi" }], metadata: { tenant: "acme" } },
      { headers: { "x-tollgate-workflow": "triage", "x-request-id": "rec-test-1" } },
    );
    expect(res.choices[0]!.message.content).toBeTruthy();
    await expect
      .poll(() => records().find((r) => r.request_id === "rec-test-1"), { timeout: 5000 })
      .toBeTruthy();
    const rec = records().find((r) => r.request_id === "rec-test-1")!;
    expect(rec).toMatchObject({
      key: "demo-app",
      tenant: "acme",
      workflow: "triage",
      model: "claude-sonnet",
      provider: "claude",
      provider_model: "claude-sonnet-4-5",
      stream: false,
      status: 200,
      attempts: 1,
      fallback_used: false,
      usage_source: "provider",
      input_tokens: res.usage!.prompt_tokens,
      output_tokens: res.usage!.completion_tokens,
    });
    expect(rec.latency_ms).toBeGreaterThan(0);
    expect(rec.gateway_overhead_ms).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(rec)).not.toContain(KEY);
    // The webhook received the batch and is still holding it: the client already had its answer.
    await expect.poll(() => hookHits, { timeout: 5000 }).toBeGreaterThan(0);
  });

  it("records a refused request with its error code", async () => {
    const r = await request(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer nope-nope-nope",
        "content-type": "application/json",
        "x-request-id": "rec-test-2",
      },
      body: "{}",
    });
    await r.body.dump();
    await expect
      .poll(() => records().find((x) => x.request_id === "rec-test-2"), { timeout: 5000 })
      .toMatchObject({
        status: 401,
        error_code: "invalid_api_key",
      });
  });

  it("serves Prometheus metrics on the admin port with bounded labels", async () => {
    const r = await request(`${adminUrl}/metrics`);
    const text = await r.body.text();
    expect(r.statusCode).toBe(200);
    expect(text).toMatch(/tollgate_requests_total\{[^}]*model="claude-sonnet"[^}]*\} \d+/);
    expect(text).not.toContain("rec-test-1");
    expect(text).not.toContain("demo-app");
  });

  it("propagates an incoming traceparent to the provider", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const before = emu.requests.length;
    const r = await request(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${KEY}`,
        "content-type": "application/json",
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
    });
    await r.body.dump();
    const sent = emu.requests[before]!.headers.traceparent;
    expect(sent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });
});

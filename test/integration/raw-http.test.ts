/** What no SDK would send: malformed JSON, wrong content types, oversized bodies, odd routes. */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ server: { host: "127.0.0.1", port: 0, body_limit: 4096 } });
});
afterAll(() => h?.close());

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await request(`${h.url}${path}`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", ...headers },
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    json: (await res.body.json()) as { error: { code: string; type: string }; type?: string },
  };
}

describe("bad input gets a clear error in the client's dialect", () => {
  it("400 invalid_json for a malformed body (OpenAI shape)", async () => {
    const r = await post("/v1/chat/completions", '{"model": "llama", "messages": [');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: "invalid_request_error", code: "invalid_json" });
  });

  it("415 for a body that is not JSON", async () => {
    const r = await post("/v1/chat/completions", "model=llama", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(r.status).toBe(415);
    expect(r.json.error.code).toBe("unsupported_media_type");
  });

  it("413 over the body limit", async () => {
    const r = await post(
      "/v1/chat/completions",
      JSON.stringify({ model: "llama", messages: [{ role: "user", content: "x".repeat(5000) }] }),
    );
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("request_too_large");
  });

  it("401 without a key, and the request id is echoed", async () => {
    const r = await post("/v1/chat/completions", "{}", { authorization: "", "x-request-id": "req-abc-1" });
    expect(r.status).toBe(401);
    expect(r.headers["x-request-id"]).toBe("req-abc-1");
    expect(r.json.error.code).toBe("missing_api_key");
  });

  it("Anthropic-dialect errors on /v1/messages", async () => {
    const r = await post("/v1/messages", "{", { authorization: "", "x-api-key": KEY });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("404 for an unknown route, 405 for a wrong method", async () => {
    expect((await post("/v2/whatever", "{}")).status).toBe(404);
    const r = await request(`${h.url}/v1/chat/completions`, {
      method: "GET",
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(r.statusCode).toBe(405);
    await r.body.dump();
  });

  it("health endpoints answer without a key", async () => {
    for (const p of ["/healthz", "/readyz"]) {
      const r = await request(`${h.url}${p}`);
      expect(r.statusCode).toBe(200);
      await r.body.dump();
    }
  });

  it("never forwards the client's credential upstream", async () => {
    const before = h.emulator.requests.length;
    await post(
      "/v1/chat/completions",
      JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
    );
    const rec = h.emulator.requests[before]!;
    expect(JSON.stringify(rec.headers)).not.toContain(KEY);
    expect(rec.headers.authorization).toBe("Bearer sk-emulated-openai");
  });
});

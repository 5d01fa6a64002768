/**
 * Streams reach the client in one write per upstream read, not one per event. Each `res.write`
 * of a chunked response is its own HTTP chunk on the wire, so a raw socket client that reads the
 * chunked framing sees how many writes the gateway made, whatever TCP does with them.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** POSTs `body` over a fresh socket and returns the response's HTTP chunks (bodies, in order). */
function postRaw(path: string, body: string): Promise<{ head: string; chunks: string[] }> {
  const { hostname, port } = new URL(h.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const parts: Buffer[] = [];
    // The SSE response keeps the connection alive, so the end is the chunked body's last chunk.
    socket.on("data", (b) => {
      parts.push(b);
      const raw = Buffer.concat(parts).toString("latin1");
      const split = raw.indexOf("\r\n\r\n");
      const chunks = split === -1 ? undefined : dechunk(raw.slice(split + 4));
      if (!chunks) return;
      socket.destroy();
      resolve({ head: raw.slice(0, split), chunks });
    });
    socket.on("error", reject);
    socket.write(
      `POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\nconnection: close\r\n` +
        `authorization: Bearer ${KEY}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}

/**
 * Splits a chunked transfer-encoded body into its chunks (RFC 9112 §7.1), the last (empty) one
 * dropped; undefined while the body is incomplete.
 */
function dechunk(body: string): string[] | undefined {
  const chunks: string[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol === -1) return undefined;
    const size = Number.parseInt(body.slice(at, eol), 16);
    if (size === 0) return chunks;
    if (body.length < eol + 2 + size + 2) return undefined;
    chunks.push(Buffer.from(body.slice(eol + 2, eol + 2 + size), "latin1").toString("utf8"));
    at = eol + 2 + size + 2;
  }
}

const chat = (model: string) =>
  JSON.stringify({
    model,
    stream: true,
    messages: [{ role: "user", content: "Count [[scenario:chunks-16]]" }],
  });

const events = (chunks: string[]) => chunks.join("").split("\n\n").filter(Boolean);

describe("stream writes", () => {
  it.each([
    ["same-dialect passthrough", "gpt-4o-mini"],
    ["translated (Anthropic provider)", "claude-sonnet"],
  ])("%s: fewer writes than events, and every event whole", async (_, model) => {
    const { head, chunks } = await postRaw("/v1/chat/completions", chat(model));
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain("transfer-encoding: chunked");
    const evs = events(chunks);
    expect(evs.length).toBeGreaterThan(16);
    expect(evs.at(-1)).toBe("data: [DONE]");
    for (const ev of evs.slice(0, -1)) expect(() => JSON.parse(ev.replace(/^data: /, ""))).not.toThrow();
    // Every write ends on an event boundary, and the events came in fewer writes than there are.
    for (const c of chunks) expect(c.endsWith("\n\n")).toBe(true);
    expect(chunks.length).toBeLessThan(evs.length);
  });
});

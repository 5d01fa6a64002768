import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { fullRecord, memoryLogger } from "../__fixtures__/records.js";
import { webhookSinkConfigSchema } from "../config.js";
import { RECORD_FIELDS } from "../record.js";
import { createWebhookSink, isRetryableWebhookError, WebhookStatusError } from "./webhook.js";

interface Received {
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>[];
}

type Handler = (req: Received, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function startServer(handler: Handler): Promise<string> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    handler({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }, res);
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const quick = { baseBackoffMs: 1, maxBackoffMs: 5 };
const config = (url: string, extra: Record<string, unknown> = {}) =>
  webhookSinkConfigSchema.parse({
    url,
    batch_size: 10,
    flush_ms: 5,
    headers: { authorization: "Bearer s3cret" },
    ...extra,
  });

describe("webhook sink", () => {
  it("retries through a few failures, then delivers the batch as a JSON array", async () => {
    const received: Received[] = [];
    let calls = 0;
    const url = await startServer((req, res) => {
      calls++;
      received.push(req);
      if (calls <= 3) {
        res.writeHead(calls === 2 ? 429 : 503, { "content-type": "text/html" }).end("<html>busy</html>");
      } else res.writeHead(204).end();
    });
    const logger = memoryLogger();
    const sink = createWebhookSink(config(url), logger, quick);
    sink.write(fullRecord(1));
    sink.write(fullRecord(2));
    await sink.flush();
    expect(calls).toBe(4);
    const last = received.at(-1)!;
    expect(last.headers["content-type"]).toBe("application/json");
    expect(last.headers.authorization).toBe("Bearer s3cret");
    expect(last.body.map((r) => r.request_id)).toEqual(["req_1", "req_2"]);
    expect(Object.keys(last.body[0]!)).toEqual([...RECORD_FIELDS]);
    expect(sink.stats()).toEqual({ written: 2, dropped: 0, failed: 0 });
    expect(JSON.stringify(logger.lines)).not.toContain("s3cret");
    await sink.close();
  });

  it("gives up at once on a 400 and counts the batch failed", async () => {
    let calls = 0;
    const url = await startServer((_req, res) => {
      calls++;
      res.writeHead(400).end("{}");
    });
    const sink = createWebhookSink(config(url), memoryLogger(), quick);
    sink.write(fullRecord(1));
    await sink.flush();
    expect(calls).toBe(1);
    expect(sink.stats()).toEqual({ written: 0, dropped: 0, failed: 1 });
    await sink.close();
  });

  it("never blocks write on a server that holds the request for 5 s; a full queue drops the oldest", async () => {
    const events: string[] = [];
    const received: Received[] = [];
    let release: () => void = () => undefined;
    let onArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      onArrived = resolve;
    });
    const url = await startServer((req, res) => {
      received.push(req);
      if (received.length > 1) return void res.writeHead(200).end();
      events.push("server received");
      const answer = () => {
        if (res.writableEnded) return;
        events.push("server answered");
        res.writeHead(200).end();
      };
      const timer = setTimeout(answer, 5000);
      release = () => {
        clearTimeout(timer);
        answer();
      };
      onArrived();
    });
    const sink = createWebhookSink(config(url, { batch_size: 1, max_queue: 5 }), memoryLogger(), quick);
    sink.write(fullRecord(0));
    events.push("write returned");
    await arrived;
    // The first batch is in flight and unanswered; every further write still returns at once.
    for (let i = 1; i <= 20; i++) {
      sink.write(fullRecord(i));
      events.push(`write ${i} returned`);
    }
    expect(events.slice(0, 2)).toEqual(["write returned", "server received"]);
    expect(events).not.toContain("server answered");
    expect(events.filter((e) => e.endsWith("returned"))).toHaveLength(21);
    expect(sink.stats()).toEqual({ written: 0, dropped: 15, failed: 0 });
    release();
    await sink.flush();
    expect(events.at(-1)).toBe("server answered");
    expect(received.flatMap((r) => r.body.map((b) => b.request_id))).toEqual([
      "req_0",
      "req_16",
      "req_17",
      "req_18",
      "req_19",
      "req_20",
    ]);
    expect(sink.stats()).toEqual({ written: 6, dropped: 15, failed: 0 });
    await sink.close();
  });

  it("counts a refused connection as failed after retries", async () => {
    const sink = createWebhookSink(
      config("http://127.0.0.1:1/hook", { max_attempts: 2 }),
      memoryLogger(),
      quick,
    );
    sink.write(fullRecord(1));
    await sink.flush();
    expect(sink.stats()).toEqual({ written: 0, dropped: 0, failed: 1 });
    await sink.close();
  });
});

describe("isRetryableWebhookError", () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [413, false],
  ])("HTTP %i → %s", (status, retry) => {
    expect(isRetryableWebhookError(new WebhookStatusError(status))).toBe(retry);
  });
  it("retries network errors", () => {
    expect(isRetryableWebhookError(new Error("ECONNRESET"))).toBe(true);
  });
});

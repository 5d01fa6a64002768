/**
 * The shared emulator server: one HTTP server that serves every registered provider's routes on
 * one port, with scenarios chosen by the `x-emulator-scenario` header or a `[[scenario:NAME]]`
 * marker in the last user message. Used by tests, by `tollgate emulate`, and by the benchmark.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { planAnswer, scenarioOf } from "./plan.js";
import { EmulatorBadRequest, type ErrorKind, type ProviderEmulator, type RouteMatch } from "./types.js";

export interface RecordedRequest {
  provider: string;
  /** What the route serves: `chat` and `embeddings` carry prompts; `other` is e.g. a token endpoint. */
  op: RouteMatch["op"];
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  scenario: string;
  /** Set when the client closed the connection before the response ended. */
  aborted: boolean;
  /** Resolves when the exchange ends (finished or aborted). */
  done: Promise<void>;
}

/**
 * A fault a test injects into this emulator's chat answers (routing and resilience tests start
 * one emulator per target, each with its own faults). `n` counts this emulator's chat requests
 * from 1, so "fail the first two" is `(n) => n <= 2 ? {...} : undefined`.
 */
export interface Fault {
  /** Answer with the provider's own error body for this kind (429 carries `retry-after`). */
  error?: ErrorKind;
  /** The `retry-after-ms` header on a 429 (OpenAI's own), instead of `retry-after: 7`. */
  retryAfterMs?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /**
   * Cut the connection: before any header, after the headers of a stream but before its first
   * event, or mid-stream after `afterFrames` of its frames.
   */
  reset?: "before-headers" | "after-headers" | "mid-stream";
  /**
   * End the stream with the provider's own mid-stream error event of this kind (where it has
   * one: `ProviderEmulator.streamError`) after `afterFrames` frames.
   */
  streamError?: ErrorKind;
  /** With `reset: "mid-stream"` or `streamError`: how many frames go out first (default 3). */
  afterFrames?: number;
}

export type FaultInjector = (n: number, rec: RecordedRequest) => Fault | undefined;

export interface Emulator {
  url: string;
  port: number;
  server: Server;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const ERROR_SCENARIOS: Record<string, ErrorKind> = {
  "401": "auth",
  "429-retry-after": "rate_limit",
  "500": "server",
  "503": "overloaded",
  "400-context-length": "context_length",
  "404-model": "model_not_found",
  "400-bad-request": "bad_request",
};

const ERROR_MESSAGES: Record<ErrorKind, string> = {
  auth: "Incorrect API key provided.",
  rate_limit: "Rate limit reached for requests. Please try again in 7s.",
  server: "The server had an error while processing your request.",
  overloaded: "The engine is currently overloaded, please try again later.",
  context_length:
    "This model's maximum context length is 128000 tokens. Your messages resulted in 130000 tokens.",
  model_not_found: "The model does not exist or you do not have access to it.",
  bad_request: "Invalid request.",
};

export const HTML_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

export async function startEmulator(
  providers: ProviderEmulator[],
  opts: { port?: number; host?: string; faults?: FaultInjector } = {},
): Promise<Emulator> {
  const requests: RecordedRequest[] = [];
  let chats = 0;
  const inject = opts.faults;
  const faults = inject ? (rec: RecordedRequest) => inject(++chats, rec) : undefined;
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((req, res) => {
    handle(providers, requests, req, res, faults).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function route(
  providers: ProviderEmulator[],
  req: IncomingMessage,
): [ProviderEmulator, RouteMatch] | undefined {
  const url = new URL(req.url ?? "/", "http://emulator");
  for (const p of providers) {
    for (const r of p.routes) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(url.pathname);
      if (m) return [p, { op: r.op, params: { ...m.groups }, url, headers: req.headers }];
    }
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function handle(
  providers: ProviderEmulator[],
  requests: RecordedRequest[],
  req: IncomingMessage,
  res: ServerResponse,
  faults?: (rec: RecordedRequest) => Fault | undefined,
): Promise<void> {
  const raw = await readBody(req);
  const found = route(providers, req);
  if (!found) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `emulator: no route for ${req.method} ${req.url}` } }));
    return;
  }
  const [p, match] = found;
  let body: unknown = raw.toString("utf8");
  if (raw.length && /json/.test(String(req.headers["content-type"] ?? "json"))) {
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      const e = p.errorResponse("bad_request", "We could not parse the JSON body of your request.");
      return send(res, e.status, e.body, e.headers);
    }
  }
  let finish!: () => void;
  const rec: RecordedRequest = {
    provider: p.name,
    op: match.op,
    method: req.method ?? "GET",
    path: match.url.pathname + match.url.search,
    headers: req.headers,
    body,
    scenario: "default",
    aborted: false,
    done: new Promise<void>((r) => {
      finish = r;
    }),
  };
  requests.push(rec);
  res.on("close", () => {
    if (!res.writableFinished) rec.aborted = true;
    finish();
  });

  const authError = p.checkAuth(match, body);
  if (authError) return sendError(res, p, authError);
  if (match.op === "other" || match.op === "models") {
    const o = p.other?.(body, match) ?? { status: 404, body: { error: "not found" } };
    return send(res, o.status, JSON.stringify(o.body), o.headers);
  }
  if (match.op === "embeddings") {
    rec.scenario = scenarioOf(req.headers["x-emulator-scenario"], "");
    if (ERROR_SCENARIOS[rec.scenario]) return sendError(res, p, ERROR_SCENARIOS[rec.scenario]!);
    let out: unknown;
    try {
      out = p.embeddings?.(body, match) ?? {};
    } catch (err) {
      if (err instanceof EmulatorBadRequest) return sendError(res, p, "bad_request", err.message);
      throw err;
    }
    return send(res, 200, JSON.stringify(out));
  }

  let view: ReturnType<ProviderEmulator["chatView"]>;
  try {
    view = p.chatView(body, match);
  } catch (err) {
    if (err instanceof EmulatorBadRequest) return sendError(res, p, "bad_request", err.message);
    throw err;
  }
  const scenario = scenarioOf(req.headers["x-emulator-scenario"], view.lastUserText);
  rec.scenario = scenario;
  const fault = faults?.(rec);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.reset === "before-headers") {
    req.socket.resetAndDestroy?.();
    req.socket.destroy();
    return;
  }
  if (fault?.error) {
    const e = p.errorResponse(fault.error, ERROR_MESSAGES[fault.error]);
    const retry: Record<string, string> =
      fault.error !== "rate_limit"
        ? {}
        : fault.retryAfterMs !== undefined
          ? { "retry-after-ms": String(fault.retryAfterMs) }
          : { "retry-after": "7" };
    return send(res, e.status, e.body, { ...retry, ...e.headers });
  }
  if (ERROR_SCENARIOS[scenario]) return sendError(res, p, ERROR_SCENARIOS[scenario]!);
  if (scenario === "html-502") return send(res, 502, HTML_502, { "content-type": "text/html" });
  if (scenario === "stall") return; // never answers; the client's timeout or abort ends it
  if (scenario === "slow-50ms") await sleep(50);
  if (scenario === "malformed-json" && !view.stream) {
    return send(res, 200, '{"id":"broken","choices":[{"index":0,', { "content-type": "application/json" });
  }
  const plan = planAnswer(view, scenario);
  if (!view.stream) return send(res, 200, JSON.stringify(p.chatJson(plan, view, match)));

  const { contentType, frames } = p.chatStream(plan, view, match);
  res.writeHead(200, { "content-type": contentType, "cache-control": "no-cache", connection: "keep-alive" });
  res.flushHeaders();
  if (fault?.reset === "after-headers") {
    res.socket?.resetAndDestroy?.();
    res.destroy();
    return;
  }
  for (const [i, frame] of frames.entries()) {
    if (res.destroyed) return;
    if (i === 3 && scenario === "stall-after-3-chunks") return; // keeps the connection open, silent
    const cutHere =
      fault?.reset === "mid-stream"
        ? i === (fault.afterFrames ?? 3)
        : i === 3 && scenario === "reset-mid-stream";
    if (fault?.streamError && p.streamError && i === (fault.afterFrames ?? 3)) {
      res.end(p.streamError(fault.streamError, ERROR_MESSAGES[fault.streamError]));
      return;
    }
    if (cutHere) {
      // why: a reset discards what the peer has not read yet; give the first events time to be
      // read, so this stays a failure after the first byte (one before it is retried instead).
      await sleep(50);
      res.socket?.resetAndDestroy?.();
      res.destroy();
      return;
    }
    if (i > 0 && scenario === "slow-stream") await sleep(10);
    res.write(frame);
    if (scenario === "malformed-json" && i === 1) {
      res.write(contentType.includes("event-stream") ? "data: {not json\n\n" : "{not json\n");
    }
  }
  res.end();
}

function send(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
}

function sendError(res: ServerResponse, p: ProviderEmulator, kind: ErrorKind, message?: string): void {
  const e = p.errorResponse(kind, message ?? ERROR_MESSAGES[kind]);
  const retry: Record<string, string> = kind === "rate_limit" ? { "retry-after": "7" } : {};
  send(res, e.status, e.body, { ...retry, ...e.headers });
}

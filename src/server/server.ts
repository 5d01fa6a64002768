/**
 * The proxy HTTP server: routes, the request context, errors in the client's dialect, abort on
 * client disconnect, the log phase after the last byte, and graceful shutdown.
 */

import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import { GatewayError } from "../canonical/errors.js";
import { dialectForRequest } from "../dialects/pick.js";
import { CHAT_ROUTES } from "../dialects/registry.js";
import type { ChatDialect } from "../dialects/types.js";
import { beforeLastByte } from "../observability/index.js";
import type { UsageRecord } from "../observability/record.js";
import type { RequestContext } from "../pipeline/context.js";
import { handleChat } from "./chat.js";
import { handleCountTokens } from "./count-tokens.js";
import { handleEmbeddings } from "./embeddings.js";
import { EXPLAIN_PATH, handleExplain } from "./explain.js";
import type { GatewayState } from "./gateway-state.js";
import { handleModels } from "./models.js";
import { finishedRecord, finishRequest } from "./observe.js";
import { logRequest } from "./request-log.js";
import { sendError, sendJson } from "./respond.js";
import { responsesHooks } from "./responses/hooks.js";
import { handleStoredResponse, STORED_RESPONSE_PATH } from "./responses/routes.js";

export interface ProxyOptions {
  /** Called in the log phase for every proxy request (after the records). */
  onRequestEnd?: (ctx: RequestContext) => void;
}

export interface ProxyServer {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight requests finish up to `graceMs`, then closes what is left. */
  close(graceMs: number): Promise<void>;
  inFlight(): number;
}

const REQUEST_ID = /^[\w.:@-]{1,128}$/;

/** The proxy port's HTTP server. `state.serving` may be swapped at any time (reload). */
export function createProxyServer(state: GatewayState, opts: ProxyOptions = {}): ProxyServer {
  let inFlight = 0;
  const idle: Array<() => void> = [];
  const active = new Map<ServerResponse, Active>();
  const edge = state.serving.snapshot.config.server;

  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      // why: a client that trickles its headers or body must not hold a socket forever; the
      // check runs often enough for short configured timeouts to bite.
      headersTimeout: edge.headers_timeout_ms,
      requestTimeout: edge.request_timeout_ms,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(edge.headers_timeout_ms / 2))),
    },
    (req, res) => {
      inFlight++;
      res.on("close", () => {
        inFlight--;
        active.delete(res);
        if (inFlight === 0) for (const f of idle.splice(0)) f();
      });
      if (state.draining) res.setHeader("connection", "close");
      const entry = dispatch(state, opts, req, res);
      if (entry) active.set(res, entry);
    },
  );
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => answerClientError(err, socket, state));

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    inFlight: () => inFlight,
    async close(graceMs) {
      state.draining = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((r) => idle.push(r)),
          new Promise<void>((r) => setTimeout(r, graceMs).unref()),
        ]);
      }
      if (active.size) await cutShort([...active.values()]);
      server.closeAllConnections();
      await closed;
    },
  };
}

const MODEL_PATH = "/v1/models/";
const COUNT_TOKENS_PATH = "/v1/messages/count_tokens";

/** The id in `/v1/models/{id}` (ids may hold `/` and `:`, sent raw or percent-encoded). */
function decodeModelId(raw: string): string | undefined {
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A request still being answered, for the shutdown to end it properly. */
interface Active {
  ctx: RequestContext;
  res: ServerResponse;
  dialect: ChatDialect;
}

/**
 * The grace period is over: each request still running ends with an error the client can read —
 * an error event for a stream (never a bare TCP reset or a fake success terminator), a 503 for
 * one that has not answered yet — and its record carries `server_shutting_down`.
 */
async function cutShort(list: Active[]): Promise<void> {
  const e = new GatewayError({
    status: 503,
    kind: "overloaded",
    code: "server_shutting_down",
    message: "Tollgate is shutting down and the response was cut short; retry the request.",
  });
  const flushed = list.map(({ ctx, res, dialect }) => {
    ctx.abort.abort();
    if (res.writableEnded || res.destroyed) return Promise.resolve();
    const done = new Promise<void>((r) => res.once("close", () => r()));
    if (!res.headersSent) sendError(res, ctx, dialect, e);
    else {
      ctx.errorCode = e.code;
      if (dialect.renderStreamError) res.write(dialect.renderStreamError(e));
      res.end();
    }
    return done;
  });
  await Promise.race([Promise.all(flushed), new Promise((r) => setTimeout(r, 1000).unref())]);
}

/** Malformed HTTP (oversized headers, a header timeout, garbage): a JSON error, then close. */
function answerClientError(
  err: NodeJS.ErrnoException,
  socket: import("node:stream").Duplex,
  state: GatewayState,
): void {
  if (!socket.writable || err.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "headers_too_large", "The request headers are larger than the server accepts."]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [
            408,
            "request_timeout",
            "The request was not received in time (server.headers_timeout_ms / request_timeout_ms).",
          ]
        : [400, "bad_http_request", "The request is not valid HTTP."];
  state.logger.info({ code, err: err.code ?? err.message }, "malformed HTTP request refused");
  const body = JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function dispatch(
  state: GatewayState,
  opts: ProxyOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Active | undefined {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  if (req.method === "GET" && path === "/healthz") {
    sendJson(res, 200, { status: "ok" }, {});
    return undefined;
  }
  if (req.method === "GET" && path === "/readyz") {
    // A draining node tells its load balancer to stop sending it traffic.
    if (state.draining) sendJson(res, 503, { status: "draining" }, {});
    else sendJson(res, 200, { status: "ok" }, {});
    return undefined;
  }
  const chat = CHAT_ROUTES.get(path);
  const modelId = path.startsWith(MODEL_PATH) ? decodeModelId(path.slice(MODEL_PATH.length)) : undefined;
  const operation = chat
    ? "chat"
    : path === "/v1/embeddings"
      ? "embeddings"
      : path === "/v1/models" || modelId !== undefined
        ? "models"
        : STORED_RESPONSE_PATH.test(path)
          ? "responses"
          : path === EXPLAIN_PATH
            ? "explain"
            : path === COUNT_TOKENS_PATH
              ? "count_tokens"
              : undefined;
  const dialect: ChatDialect = chat ?? dialectForRequest(path, req.headers);
  const ctx = newContext(state, req, dialect, operation ?? "other");
  if (state.obs && operation)
    ctx.trace.span = state.obs.tracer.startRequestSpan(`${operation} ${path}`, req.headers);
  ctx.serving.retain();
  res.on("close", () => {
    if (!res.writableFinished) ctx.abort.abort();
    ctx.marks.end ??= process.hrtime.bigint();
    setImmediate(() => {
      try {
        logPhase(state, opts, ctx);
      } finally {
        ctx.serving.release();
      }
    });
  });
  // why: the record must be in the sinks' spool before the client can hold the whole response
  // (a SIGKILL right after the last byte must not lose it); plugins' log hooks still run after.
  beforeLastByte(res, () => commitRecord(state, ctx, process.hrtime.bigint()));
  const expected =
    operation === "models"
      ? "GET"
      : operation === "responses"
        ? storedResponseMethod(req.method, path)
        : "POST";
  let work: Promise<void>;
  if (!operation) work = Promise.reject(notFound(path));
  else if (req.method !== expected) {
    res.setHeader("allow", expected); // RFC 9110 §15.5.6: a 405 names the methods the route takes
    work = Promise.reject(methodNotAllowed(req.method ?? "", path, expected));
  } else if (chat)
    work = handleChat(
      state,
      ctx,
      req,
      res,
      chat,
      chat.name === "responses" ? responsesHooks(state, chat) : undefined,
    );
  else if (operation === "embeddings") work = handleEmbeddings(state, ctx, req, res);
  else if (operation === "count_tokens") work = handleCountTokens(state, ctx, req, res);
  else if (operation === "explain") work = handleExplain(ctx, req, res, dialect);
  else if (operation === "responses") work = handleStoredResponse(state, ctx, res, expected, path);
  else work = handleModels(state, ctx, res, dialect, modelId);
  work.catch((err: unknown) => {
    if (!(err instanceof GatewayError))
      state.logger.error({ request_id: ctx.id, err: String(err) }, "request failed");
    if (ctx.abort.signal.aborted && res.destroyed) return;
    sendError(res, ctx, dialect, err);
  });
  return { ctx, res, dialect };
}

/** Builds the priced record and hands it to metrics and sinks (once; see `beforeLastByte`). */
function commitRecord(state: GatewayState, ctx: RequestContext, end: bigint): UsageRecord {
  ctx.marks.end ??= end;
  const record = finishedRecord(state, ctx);
  finishRequest(state, ctx, record);
  return record;
}

/** After the client has its last byte: plugins' log hooks and the request log get the record. */
function logPhase(state: GatewayState, opts: ProxyOptions, ctx: RequestContext): void {
  const record = commitRecord(state, ctx, process.hrtime.bigint());
  if (ctx.routed) observeRouted(ctx.routed, record);
  // Settle the request's holds to what it used (off the request path; never throws).
  state.limits
    ?.settle(ctx, record)
    .catch((err: unknown) =>
      state.logger.warn({ request_id: ctx.id, err: String(err) }, "limits: settle failed"),
    );
  ctx.pipeline.log(ctx, record);
  logRequest(state.logger, ctx);
  opts.onRequestEnd?.(ctx);
}

/** The balancer hears how the attempt that served went, once its answer is complete. */
function observeRouted(routed: NonNullable<RequestContext["routed"]>, record: UsageRecord): void {
  const ok = record.error_code === null;
  if (!ok && record.error_code?.startsWith("upstream_")) routed.target.breaker?.failure();
  const usage =
    record.input_tokens !== null && record.output_tokens !== null
      ? {
          prompt_tokens: record.input_tokens,
          completion_tokens: record.output_tokens,
          total_tokens: record.input_tokens + record.output_tokens,
        }
      : undefined;
  routed.router.balancer.observe?.(routed.target, {
    ok,
    e2eMs: performance.now() - routed.startedAt,
    ...(record.ttft_ms !== null ? { firstByteMs: record.ttft_ms } : {}),
    ...(usage ? { usage } : {}),
    ...(record.cost_usd !== null ? { costUsd: record.cost_usd } : {}),
  });
}

function newContext(
  state: GatewayState,
  req: IncomingMessage,
  dialect: ChatDialect,
  operation: RequestContext["operation"],
): RequestContext {
  const given = req.headers["x-request-id"];
  return {
    id: typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID(),
    startedAt: process.hrtime.bigint(),
    arrivedAt: Date.now(),
    serving: state.serving,
    pipeline: state.serving.pipeline,
    dialect: dialect.name,
    headers: req.headers,
    operation,
    abort: new AbortController(),
    contract: {},
    warnings: [],
    stream: false,
    attempts: 0,
    fallbackUsed: false,
    passthrough: false,
    marks: {},
    upstreamNs: 0n,
    trace: {},
    state: new Map(),
  };
}

/** `/v1/responses/{id}` takes GET and DELETE; `…/input_items` only GET. */
function storedResponseMethod(method: string | undefined, path: string): string {
  return method === "DELETE" && !path.endsWith("/input_items") ? "DELETE" : "GET";
}

function notFound(path: string): GatewayError {
  return new GatewayError({
    status: 404,
    kind: "not_found",
    code: "route_not_found",
    message: `No route for '${path}'. Tollgate serves /v1/chat/completions, /v1/completions, /v1/messages, /v1/messages/count_tokens, /v1/responses, /v1/embeddings, /v1/models, /v1/models/{id} and /v1/tollgate/explain.`,
  });
}

function methodNotAllowed(method: string, path: string, expected: string): GatewayError {
  return new GatewayError({
    status: 405,
    kind: "invalid_request",
    code: "method_not_allowed",
    message: `${method} is not allowed on '${path}'; use ${expected}.`,
  });
}

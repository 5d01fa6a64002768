/**
 * The proxy HTTP server: routes, the request context, errors in the client's dialect, abort on
 * client disconnect, the log phase after the last byte, and graceful shutdown.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GatewayError } from "../canonical/errors.js";
import { anthropicDialectOrOpenAI } from "../dialects/pick.js";
import { CHAT_ROUTES } from "../dialects/registry.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";
import { handleChat } from "./chat.js";
import { handleEmbeddings } from "./embeddings.js";
import type { GatewayState } from "./gateway-state.js";
import { handleModels } from "./models.js";
import { finishedRecord, finishRequest } from "./observe.js";
import { logRequest } from "./request-log.js";
import { sendError, sendJson } from "./respond.js";

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
  let draining = false;
  const idle: Array<() => void> = [];

  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
    inFlight++;
    res.on("close", () => {
      inFlight--;
      if (inFlight === 0) for (const f of idle.splice(0)) f();
    });
    if (draining) res.setHeader("connection", "close");
    dispatch(state, opts, req, res);
  });

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
      draining = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((r) => idle.push(r)),
          new Promise<void>((r) => setTimeout(r, graceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

function dispatch(state: GatewayState, opts: ProxyOptions, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  if (req.method === "GET" && (path === "/healthz" || path === "/readyz")) {
    sendJson(res, 200, { status: "ok" }, {});
    return;
  }
  const chat = CHAT_ROUTES.get(path);
  const operation = chat
    ? "chat"
    : path === "/v1/embeddings"
      ? "embeddings"
      : path === "/v1/models"
        ? "models"
        : undefined;
  const dialect: ChatDialect = chat ?? anthropicDialectOrOpenAI(path);
  const ctx = newContext(state, req, dialect, operation ?? "chat");
  if (state.obs && operation)
    ctx.trace.span = state.obs.tracer.startRequestSpan(`${operation} ${path}`, req.headers);
  ctx.serving.retain();
  res.on("close", () => {
    if (!res.writableFinished) ctx.abort.abort();
    ctx.marks.end = process.hrtime.bigint();
    setImmediate(() => {
      try {
        if (operation) logPhase(state, opts, ctx);
      } finally {
        ctx.serving.release();
      }
    });
  });
  const expected = operation === "models" ? "GET" : "POST";
  let work: Promise<void>;
  if (!operation) work = Promise.reject(notFound(path));
  else if (req.method !== expected) work = Promise.reject(methodNotAllowed(req.method ?? "", path, expected));
  else if (chat) work = handleChat(state, ctx, req, res, chat);
  else if (operation === "embeddings") work = handleEmbeddings(state, ctx, req, res);
  else work = handleModels(state, ctx, res);
  work.catch((err: unknown) => {
    if (!(err instanceof GatewayError))
      state.logger.error({ request_id: ctx.id, err: String(err) }, "request failed");
    if (ctx.abort.signal.aborted && res.destroyed) return;
    sendError(res, ctx, dialect, err);
  });
}

/** After the client has its last byte: the priced record goes to plugins, the log and the sinks. */
function logPhase(state: GatewayState, opts: ProxyOptions, ctx: RequestContext): void {
  const record = finishedRecord(state, ctx);
  ctx.pipeline.log(ctx, record);
  logRequest(state.logger, ctx);
  finishRequest(state, ctx, record);
  opts.onRequestEnd?.(ctx);
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

function notFound(path: string): GatewayError {
  return new GatewayError({
    status: 404,
    kind: "not_found",
    code: "route_not_found",
    message: `No route for '${path}'. Tollgate serves /v1/chat/completions, /v1/messages, /v1/embeddings and /v1/models.`,
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

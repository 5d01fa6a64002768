/**
 * The proxy HTTP server: routes, the request context, errors in the client's dialect, abort on
 * client disconnect, the log phase after the last byte, and graceful shutdown.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { ChatResponse } from "../canonical/chat.js";
import { GatewayError } from "../canonical/errors.js";
import type { Snapshot } from "../config/compile.js";
import { anthropicDialectOrOpenAI } from "../dialects/pick.js";
import { CHAT_ROUTES } from "../dialects/registry.js";
import type { ChatDialect } from "../dialects/types.js";
import { beforeLastByte, type Observability } from "../observability/index.js";
import type { RequestContext } from "../pipeline/context.js";
import type { Plugin } from "../pipeline/plugin.js";
import { Pipeline } from "../pipeline/runner.js";
import { keyAuthPlugin } from "../plugins/key-auth/index.js";
import { UpstreamClient } from "../upstream/client.js";
import { handleChat } from "./chat.js";
import { handleEmbeddings } from "./embeddings.js";
import type { GatewayState } from "./gateway-state.js";
import { handleModels } from "./models.js";
import { finishRequest, RESPONSE_PAYLOAD } from "./observe.js";
import { logRequest } from "./request-log.js";
import { sendError, sendJson } from "./respond.js";

export interface GatewayOptions {
  logger: Logger;
  /** Extra plugins (the key check is always first). */
  plugins?: Plugin[];
  /** Usage records, metrics and traces. */
  observability?: Observability;
  /** Called in the log phase for every proxy request (after the records). */
  onRequestEnd?: (ctx: RequestContext) => void;
}

export interface Gateway {
  server: Server;
  state: GatewayState;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Swaps in a new snapshot; requests in flight finish on the one they started with. */
  reload(snapshot: Snapshot): void;
  /** Stops accepting, lets in-flight requests finish up to `graceMs`, then closes what is left. */
  close(graceMs?: number): Promise<void>;
  inFlight(): number;
}

const REQUEST_ID = /^[\w.:@-]{1,128}$/;

export function createGateway(snapshot: Snapshot, opts: GatewayOptions): Gateway {
  const logger = opts.logger;
  const state: GatewayState = {
    snapshot,
    pipeline: new Pipeline([keyAuthPlugin, ...(opts.plugins ?? [])], (plugin, err) =>
      logger.error({ plugin, err: String(err) }, "plugin failed"),
    ),
    upstream: new UpstreamClient(),
    logger,
    ...(opts.observability ? { obs: opts.observability } : {}),
  };
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
    state,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port ?? snapshot.config.server.port, host ?? snapshot.config.server.host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    reload(next) {
      state.snapshot = next;
    },
    inFlight: () => inFlight,
    async close(graceMs = snapshot.config.server.shutdown_grace_ms) {
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
      await state.upstream.close();
    },
  };
}

function dispatch(
  state: GatewayState,
  opts: GatewayOptions,
  req: IncomingMessage,
  res: ServerResponse,
): void {
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
    ctx.span = state.obs.tracer.startRequestSpan(`${operation} ${path}`, req.headers);
  res.on("close", () => {
    if (!res.writableFinished) ctx.abort.abort();
    ctx.marks.end = process.hrtime.bigint();
    if (operation) {
      setImmediate(() => {
        state.pipeline.log(ctx);
        logRequest(state.logger, ctx);
        finishAt(state, ctx, ctx.marks.end!);
        opts.onRequestEnd?.(ctx);
      });
    }
  });
  // why: the record must be in the spool before the client can hold the whole response (issue 8).
  if (operation) beforeLastByte(res, () => finishAt(state, ctx, process.hrtime.bigint()));
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

function finishAt(state: GatewayState, ctx: RequestContext, end: bigint): void {
  ctx.marks.end ??= end;
  finishRequest(state, ctx, ctx.state.get(RESPONSE_PAYLOAD) as ChatResponse | undefined);
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
    snapshot: state.snapshot,
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

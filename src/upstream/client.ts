/**
 * The upstream HTTP client: one undici Agent (keep-alive connection pools per origin) per provider,
 * connect / first-byte / idle timeouts, and the client's abort signal wired straight through.
 */
import { Agent, type Dispatcher, errors, request } from "undici";
import { GatewayError } from "../canonical/errors.js";
import type { UpstreamRequest } from "../providers/types.js";

export interface Timeouts {
  connect_ms: number;
  first_byte_ms: number;
  idle_ms: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connect_ms: 10_000, first_byte_ms: 600_000, idle_ms: 120_000 };

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData["body"];
}

/** Pools are kept across config reloads, keyed by provider name and connect timeout. */
export class UpstreamClient {
  private readonly agents = new Map<string, Agent>();

  private agent(key: string, connectMs: number): Agent {
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: connectMs },
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        // Streams can idle for minutes between tokens; undici's own timers stay off and ours apply per request.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Sends a request; rejects with a GatewayError (502/504) for transport failures. */
  async send(
    provider: string,
    req: UpstreamRequest,
    timeouts: Timeouts,
    signal: AbortSignal,
  ): Promise<UpstreamResponse> {
    const dispatcher = this.agent(`${provider}|${timeouts.connect_ms}`, timeouts.connect_ms);
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body ?? null,
        signal,
        dispatcher,
        headersTimeout: timeouts.first_byte_ms,
        bodyTimeout: timeouts.idle_ms,
      });
      return { status: res.statusCode, headers: res.headers, body: res.body };
    } catch (err) {
      throw transportError(err, provider);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close().catch(() => undefined)));
    this.agents.clear();
  }
}

/** undici failures → GatewayError, without leaking URLs that may carry credentials. */
export function transportError(err: unknown, provider: string): GatewayError {
  if (err instanceof GatewayError) return err;
  const e = err as { code?: string; name?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  const make = (status: number, c: string, message: string) =>
    new GatewayError({ status, kind: status === 504 ? "timeout" : "upstream", code: c, message, provider });
  if (err instanceof errors.ConnectTimeoutError || code === "UND_ERR_CONNECT_TIMEOUT") {
    return make(504, "upstream_connect_timeout", `Connecting to provider '${provider}' timed out.`);
  }
  if (err instanceof errors.HeadersTimeoutError || code === "UND_ERR_HEADERS_TIMEOUT") {
    return make(504, "upstream_timeout", `Provider '${provider}' did not start answering in time.`);
  }
  if (err instanceof errors.BodyTimeoutError || code === "UND_ERR_BODY_TIMEOUT") {
    return make(504, "upstream_idle_timeout", `Provider '${provider}' stopped sending data (idle timeout).`);
  }
  if (e.name === "AbortError" || code === "UND_ERR_ABORTED") {
    return make(499, "client_closed_request", "The client closed the request.");
  }
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EHOSTUNREACH") {
    return make(502, "upstream_unreachable", `Provider '${provider}' cannot be reached (${code}).`);
  }
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") {
    return make(502, "upstream_connection_reset", `The connection to provider '${provider}' was reset.`);
  }
  return make(
    502,
    "upstream_error",
    `Request to provider '${provider}' failed (${code ?? e.name ?? "error"}).`,
  );
}

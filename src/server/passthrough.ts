/**
 * Same-dialect passthrough (STYLE.md): when the client speaks the provider's own format and no
 * plugin needs typed chunks, the upstream bytes go back as they are. Only the model and the
 * credentials were rewritten on the way in. Usage is sniffed from the stream on the way out, and
 * the usage-only chunk Tollgate asked for (but the client did not) is held back.
 */
import type { ServerResponse } from "node:http";
import type { ChatRequest, Usage } from "../canonical/chat.js";
import { GatewayError } from "../canonical/errors.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";
import type { Pipeline } from "../pipeline/runner.js";
import type { PassthroughCodec } from "../providers/types.js";
import type { CompiledTarget } from "../runtime/serving.js";
import type { UpstreamResponse } from "../upstream/client.js";
import { transportError } from "../upstream/client.js";
import { estimateFromBody, PassthroughMeter } from "../usage/passthrough-meter.js";
import { decodeSseBatches, encodeSse, type SseEvent } from "../wire/sse.js";
import { baseHeaders } from "./respond.js";
import { sniffUsage } from "./sniff-usage.js";
import { sseHeaders, writeFrame } from "./stream-writer.js";
import { malformedResponse, readUpstreamText } from "./upstream-call.js";

/** The target's passthrough codec when the client speaks its format and no plugin inspects responses. */
export function passthroughFor(
  pipeline: Pipeline,
  dialect: ChatDialect,
  target: CompiledTarget,
): PassthroughCodec | undefined {
  if (pipeline.inspectsResponses) return undefined;
  // A target that sets parameters or caps output changes the request: it goes through the codec.
  if (target.params || target.maxTokens !== undefined) return undefined;
  const { passthrough, extraPassthrough } = target.provider;
  const pt = [passthrough, ...(extraPassthrough ?? [])].find((p) => p?.dialect === dialect.name);
  if (!pt || !(pt.serves?.(target.target) ?? true)) return undefined;
  if (dialect.passthroughOp === "completions" && !pt.completions?.(target.target.model)) return undefined;
  return pt;
}

export async function deliverPassthrough(
  ctx: RequestContext,
  res: ServerResponse,
  dialect: ChatDialect,
  creq: ChatRequest,
  body: AsyncIterable<Uint8Array>,
  passthrough: PassthroughCodec,
  keep?: PassthroughKeeper,
): Promise<void> {
  ctx.passthrough = true;
  ctx.status = 200;
  res.writeHead(200, sseHeaders(baseHeaders(ctx)));
  // why: when the first events have already arrived, the headers go out in the same write as
  // them (one system call, not two); otherwise they go out after this turn of the event loop, so
  // a slow first token never holds them back.
  const flush = setImmediate(() => res.flushHeaders());
  const relay: Relay = {
    dialect: dialect.name,
    usage: {},
    meter: new PassthroughMeter(dialect.name),
    skip: passthrough.skipEvent,
    clientWantsUsage: creq.stream_include_usage === true,
    keep,
  };
  let finished = false;
  const settle = () => settleUsage(ctx, creq, relay.usage, relay.meter, finished);
  // why: on a client disconnect the log phase can run before this loop unwinds; the abort event
  // fires first, synchronously, so the estimate is on the context in time.
  ctx.abort.signal.addEventListener("abort", settle, { once: true });
  try {
    // One write per upstream read: the events that arrived together go out together.
    for await (const events of decodeSseBatches(body)) {
      ctx.marks.firstToken ??= process.hrtime.bigint();
      const { out, bad } = relayEvents(events, relay);
      if (out) clearImmediate(flush);
      const wait = out ? writeFrame(res, out) : undefined;
      if (bad) {
        failStream(ctx, res, dialect, malformedEvent(ctx.provider));
        break;
      }
      if (wait) await wait;
      if (res.destroyed) break;
    }
    finished = !res.destroyed && ctx.errorCode === undefined;
  } catch (err) {
    if (!ctx.abort.signal.aborted)
      failStream(ctx, res, dialect, transportError(err, ctx.provider ?? "upstream"));
  } finally {
    clearImmediate(flush);
    ctx.abort.signal.removeEventListener("abort", settle);
    ctx.marks.upstreamEnd = process.hrtime.bigint();
    settle();
  }
  if (finished && keep && !res.destroyed) await keep.done();
  res.end();
}

/** Sees every relayed event; `done` runs after a stream that finished well, before its last byte. */
export interface PassthroughKeeper {
  event(ev: SseEvent): void;
  done(): Promise<void>;
}

/** Per-stream state of the passthrough relay. */
interface Relay {
  dialect: string;
  usage: Partial<Usage>;
  meter: PassthroughMeter;
  skip: ((ev: SseEvent) => boolean) | undefined;
  clientWantsUsage: boolean;
  keep: PassthroughKeeper | undefined;
}

/**
 * The client's text for the events of one upstream read, with usage sniffed on the way. `bad`:
 * an event was malformed; the text stops before it.
 */
function relayEvents(events: SseEvent[], r: Relay): { out: string; bad: boolean } {
  let out = "";
  for (const ev of events) {
    if (!wellFormed(ev.data)) return { out, bad: true };
    r.meter.add(ev.data);
    r.keep?.event(ev);
    if (sniffUsage(r.dialect, ev, r.usage, r.clientWantsUsage) && !r.skip?.(ev)) {
      out += encodeSse(ev.data, ev.event);
    }
  }
  return { out, bad: false };
}

/** A whole passthrough body, read inside the attempt (so a body that dies mid-way can fall back). */
export interface PassthroughJson {
  text: string;
  usage: Partial<Usage>;
}

/** Reads a non-streamed passthrough body and checks it is JSON; transport failures are classified. */
export async function readPassthroughJson(
  ctx: RequestContext,
  dialect: ChatDialect,
  upstream: UpstreamResponse,
): Promise<PassthroughJson> {
  const text = await readUpstreamText(ctx, ctx.provider ?? "upstream", upstream);
  const usage: Partial<Usage> = {};
  try {
    sniffUsage(dialect.name, { data: text, event: "whole" }, usage, true);
  } catch {
    throw malformedResponse(ctx.provider);
  }
  return { text, usage };
}

/** Writes a passthrough body read by `readPassthroughJson`. */
export function deliverPassthroughJson(
  ctx: RequestContext,
  res: ServerResponse,
  dialect: ChatDialect,
  creq: ChatRequest,
  { text, usage }: PassthroughJson,
): void {
  ctx.passthrough = true;
  ctx.usage =
    usage.input_tokens !== undefined
      ? { input_tokens: 0, output_tokens: 0, ...usage, source: "provider" }
      : estimateFromBody(dialect.name, text, creq, ctx.providerModel ?? creq.model);
  ctx.status = 200;
  res.writeHead(200, {
    ...baseHeaders(ctx),
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Usage for the context: the provider's when the stream finished with it; otherwise (no usage, or
 * the stream was cut short) an estimate from what was generated, keeping the provider's input
 * count where it was already reported (Anthropic's `message_start`).
 */
function settleUsage(
  ctx: RequestContext,
  creq: ChatRequest,
  usage: Partial<Usage>,
  meter: PassthroughMeter,
  finished: boolean,
): void {
  const reported = usage.input_tokens !== undefined || usage.output_tokens !== undefined;
  if (finished && reported) {
    ctx.usage = { input_tokens: 0, output_tokens: 0, ...usage, source: "provider" };
    return;
  }
  const est = meter.estimate(creq, ctx.providerModel ?? creq.model);
  ctx.usage = usage.input_tokens !== undefined ? { ...usage, ...est, input_tokens: usage.input_tokens } : est;
}

/**
 * A cheap check that an event is a JSON object (or OpenAI's `[DONE]`): the passthrough does not
 * parse events, but a frame cut mid-JSON or garbage from a proxy must end the stream with an error
 * instead of reaching the client's parser (fixture: the emulators' `malformed-json` scenario).
 */
function wellFormed(data: string): boolean {
  const t = data.trim();
  // An empty data line is a keep-alive some servers send; it is forwarded as it came.
  if (t === "" || t === "[DONE]") return true;
  return t.startsWith("{") && t.endsWith("}");
}

function malformedEvent(provider: string | undefined): GatewayError {
  return new GatewayError({
    status: 502,
    kind: "upstream",
    code: "upstream_malformed_response",
    message: `Provider '${provider}' sent a stream event that is not valid JSON.`,
    provider,
  });
}

function failStream(ctx: RequestContext, res: ServerResponse, dialect: ChatDialect, e: GatewayError): void {
  ctx.errorCode = e.code;
  if (dialect.renderStreamError && !res.destroyed) res.write(dialect.renderStreamError(e));
}

/**
 * Same-dialect passthrough (STYLE.md): when the client speaks the provider's own format and no
 * plugin needs typed chunks, the upstream bytes go back as they are. Only the model and the
 * credentials were rewritten on the way in. Usage is sniffed from the stream on the way out, and
 * the usage-only chunk Tollgate asked for (but the client did not) is held back.
 */
import type { ServerResponse } from "node:http";
import type { ChatRequest, Usage } from "../canonical/chat.js";
import { GatewayError } from "../canonical/errors.js";
import type { CompiledTarget } from "../config/compile.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";
import type { PassthroughCodec } from "../providers/types.js";
import type { UpstreamResponse } from "../upstream/client.js";
import { transportError } from "../upstream/client.js";
import { decodeSse, encodeSse } from "../wire/sse.js";
import type { GatewayState } from "./gateway-state.js";
import { baseHeaders } from "./respond.js";
import { sniffUsage } from "./sniff-usage.js";
import { sseHeaders, writeFrame } from "./stream-writer.js";

export function passthroughFor(
  gw: GatewayState,
  dialect: ChatDialect,
  target: CompiledTarget,
): PassthroughCodec | undefined {
  const pt = target.provider.passthrough;
  if (!pt || pt.dialect !== dialect.name || gw.pipeline.inspectsResponses) return undefined;
  return pt;
}

export async function deliverPassthrough(
  ctx: RequestContext,
  res: ServerResponse,
  dialect: ChatDialect,
  creq: ChatRequest,
  upstream: UpstreamResponse,
  passthrough: PassthroughCodec,
): Promise<void> {
  ctx.passthrough = true;
  if (!creq.stream) return deliverJson(ctx, res, dialect, upstream);
  ctx.status = 200;
  res.writeHead(200, sseHeaders(baseHeaders(ctx)));
  res.flushHeaders();
  const usage: Partial<Usage> = {};
  const skip = passthrough.skipEvent;
  try {
    for await (const ev of decodeSse(upstream.body)) {
      ctx.marks.firstToken ??= process.hrtime.bigint();
      const keep = sniffUsage(dialect.name, ev, usage, creq.stream_include_usage === true) && !skip?.(ev);
      if (keep) {
        const wait = writeFrame(res, encodeSse(ev.data, ev.event));
        if (wait) await wait;
      }
      if (res.destroyed) break;
    }
  } catch (err) {
    if (!ctx.abort.signal.aborted) {
      const e = transportError(err, ctx.provider ?? "upstream");
      ctx.errorCode = e.code;
      if (dialect.renderStreamError) res.write(dialect.renderStreamError(e));
    }
  } finally {
    ctx.marks.upstreamEnd = process.hrtime.bigint();
    if (usage.input_tokens !== undefined || usage.output_tokens !== undefined) {
      ctx.usage = { input_tokens: 0, output_tokens: 0, ...usage, source: "provider" };
    }
  }
  res.end();
}

async function deliverJson(
  ctx: RequestContext,
  res: ServerResponse,
  dialect: ChatDialect,
  upstream: UpstreamResponse,
) {
  const text = await upstream.body.text();
  ctx.marks.upstreamEnd = process.hrtime.bigint();
  const usage: Partial<Usage> = {};
  try {
    sniffUsage(dialect.name, { data: text, event: "whole" }, usage, true);
  } catch {
    throw new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_malformed_response",
      message: `Provider '${ctx.provider}' returned a response that is not valid JSON.`,
      provider: ctx.provider,
    });
  }
  if (usage.input_tokens !== undefined)
    ctx.usage = { input_tokens: 0, output_tokens: 0, ...usage, source: "provider" };
  ctx.status = 200;
  res.writeHead(200, {
    ...baseHeaders(ctx),
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS } from "../providers/registry.js";
import { tracingConfigSchema } from "./config.js";
import { endSpan, setRequestAttributes, setResponseAttributes } from "./genai.js";
import { createTracing, NOOP_TRACING, tracesUrl } from "./tracing.js";

/** OTLP/JSON shapes we read (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding). */
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values: OtlpValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: OtlpValue }[];
  status?: { code?: number; message?: string };
}
interface OtlpRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

/**
 * A registered provider whose semconv name is not its type (Azure's `azure.ai.openai`): its span
 * shows that the name comes from the provider's declaration, not from the type.
 */
const renamed = [...PROVIDERS.values()].find((d) => d.telemetry && d.telemetry.genAiProviderName !== d.type)!;

const posts: { path: string; contentType: string | undefined; body: OtlpRequest }[] = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    posts.push({
      path: req.url ?? "",
      contentType: req.headers["content-type"],
      body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
    });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function value(v: OtlpValue | undefined): unknown {
  if (!v) return undefined;
  if (v.arrayValue) return v.arrayValue.values.map(value);
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.stringValue ?? v.doubleValue ?? v.boolValue;
}
const attrs = (s: OtlpSpan) => Object.fromEntries(s.attributes.map((a) => [a.key, value(a.value)]));
const allSpans = () =>
  posts.flatMap((p) => p.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));

const INCOMING_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const INCOMING_PARENT = "00f067aa0ba902b7";

describe("tracing over OTLP/HTTP", () => {
  it("exports request, attempt and plugin spans with links, the incoming trace id and GenAI attributes", async () => {
    const tracing = createTracing(
      tracingConfigSchema.parse({ otlp_endpoint: endpoint, service_name: "tollgate-test" }),
    );
    expect(tracing.enabled).toBe(true);
    const request = tracing.startRequestSpan(
      "chat fast",
      { traceparent: `00-${INCOMING_TRACE}-${INCOMING_PARENT}-01` },
      { "http.route": "/v1/chat/completions" },
    );
    setRequestAttributes(request, { model: "fast", max_tokens: 256, temperature: 0.2 });
    const plugin = tracing.startPluginSpan(request, "pii-guard", "rewrite");
    endSpan(plugin);

    const first = tracing.startAttemptSpan(request, "openai-eu", "gpt-4o-mini", {
      providerType: renamed.type,
      attempt: 1,
    });
    const upstreamHeaders: Record<string, string> = {};
    tracing.injectTraceparent(first, upstreamHeaders);
    endSpan(first, Object.assign(new Error("upstream 503"), { code: "upstream_error" }));

    const second = tracing.startAttemptSpan(request, "claude", "claude-3-5-haiku", {
      providerType: "example-unregistered",
      attempt: 2,
    });
    setResponseAttributes(second, {
      id: "msg_01",
      model: "claude-3-5-haiku-20241022",
      finish_reasons: ["stop"],
      usage: { input_tokens: 12, output_tokens: 34 },
    });
    endSpan(second);
    endSpan(request);
    expect(tracing.traceIdOf(request)).toBe(INCOMING_TRACE);
    await tracing.flush();
    await tracing.close();

    expect(posts.every((p) => p.path === "/v1/traces" && p.contentType === "application/json")).toBe(true);
    expect(
      value(
        posts[0]!.body.resourceSpans[0]!.resource.attributes.find((a) => a.key === "service.name")?.value,
      ),
    ).toBe("tollgate-test");
    const spans = allSpans();
    const byName = (n: string) => spans.find((s) => s.name === n)!;
    expect(spans.map((s) => s.name).sort()).toEqual(
      ["chat fast", "chat gpt-4o-mini", "chat claude-3-5-haiku", "rewrite pii-guard"].sort(),
    );
    const req = byName("chat fast");
    expect(req.traceId).toBe(INCOMING_TRACE);
    expect(req.parentSpanId).toBe(INCOMING_PARENT);
    expect(req.kind).toBe(2); // SPAN_KIND_SERVER
    for (const name of ["chat gpt-4o-mini", "chat claude-3-5-haiku", "rewrite pii-guard"]) {
      expect(byName(name).traceId).toBe(INCOMING_TRACE);
      expect(byName(name).parentSpanId).toBe(req.spanId);
    }
    expect(attrs(req)).toMatchObject({
      "gen_ai.request.model": "fast",
      "gen_ai.request.max_tokens": 256,
      "gen_ai.request.temperature": 0.2,
    });
    const failed = byName("chat gpt-4o-mini");
    expect(failed.kind).toBe(3); // SPAN_KIND_CLIENT
    expect(attrs(failed)).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": renamed.telemetry?.genAiProviderName,
      "gen_ai.system": renamed.telemetry?.genAiProviderName,
      "gen_ai.request.model": "gpt-4o-mini",
      "tollgate.provider": "openai-eu",
      "tollgate.attempt": 1,
      "error.type": "upstream_error",
    });
    expect(failed.status?.code).toBe(2); // STATUS_CODE_ERROR
    expect(upstreamHeaders.traceparent).toBe(`00-${INCOMING_TRACE}-${failed.spanId}-01`);
    expect(attrs(byName("chat claude-3-5-haiku"))).toMatchObject({
      "gen_ai.provider.name": "example-unregistered",
      "gen_ai.response.id": "msg_01",
      "gen_ai.response.model": "claude-3-5-haiku-20241022",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 12,
      "gen_ai.usage.output_tokens": 34,
    });
  });

  it("starts a new trace without a traceparent, and samples nothing at ratio 0", async () => {
    posts.length = 0;
    const on = createTracing(tracingConfigSchema.parse({ otlp_endpoint: `${endpoint}/v1/traces` }));
    const root = on.startRequestSpan("chat x", {});
    expect(root.isRecording()).toBe(true);
    expect(on.traceIdOf(root)).toMatch(/^[0-9a-f]{32}$/);
    expect(on.traceIdOf(root)).not.toBe(INCOMING_TRACE);
    endSpan(root);
    await on.close();
    expect(allSpans().map((s) => s.parentSpanId ?? "")).toEqual([""]);

    const off = createTracing(tracingConfigSchema.parse({ otlp_endpoint: endpoint, sample_ratio: 0 }));
    expect(off.startRequestSpan("chat y", {}).isRecording()).toBe(false);
    await off.close();
  });
});

describe("tracing when not configured", () => {
  it("is a no-op that records nothing and allocates no span", () => {
    const t = createTracing(undefined);
    expect(t).toBe(NOOP_TRACING);
    const a = t.startRequestSpan("x", {});
    const b = t.startRequestSpan("y", {});
    expect(a).toBe(b);
    expect(a.isRecording()).toBe(false);
    expect(t.startAttemptSpan(a, "p", "m")).toBe(a);
    const headers: Record<string, string> = {};
    t.injectTraceparent(a, headers);
    expect(headers).toEqual({});
    expect(t.traceIdOf(a)).toBeNull();
  });

  it("still passes an incoming traceparent through unchanged", () => {
    const incoming = `00-${INCOMING_TRACE}-${INCOMING_PARENT}-01`;
    const span = NOOP_TRACING.startRequestSpan("x", { traceparent: incoming, tracestate: "vendor=1" });
    const attempt = NOOP_TRACING.startAttemptSpan(span, "p", "m");
    const headers: Record<string, string> = {};
    NOOP_TRACING.injectTraceparent(attempt, headers);
    expect(headers).toEqual({ traceparent: incoming, tracestate: "vendor=1" });
    expect(NOOP_TRACING.traceIdOf(span)).toBe(INCOMING_TRACE);
  });

  it("ignores a malformed traceparent", () => {
    const span = NOOP_TRACING.startRequestSpan("x", { traceparent: "garbage" });
    expect(NOOP_TRACING.traceIdOf(span)).toBeNull();
  });
});

describe("tracesUrl", () => {
  it("appends /v1/traces to a base endpoint only", () => {
    expect(tracesUrl("http://c:4318")).toBe("http://c:4318/v1/traces");
    expect(tracesUrl("http://c:4318/")).toBe("http://c:4318/v1/traces");
    expect(tracesUrl("http://c:4318/v1/traces")).toBe("http://c:4318/v1/traces");
  });
});

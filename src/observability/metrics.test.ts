import { describe, expect, it } from "vitest";
import { fullRecord, sparseRecord } from "./__fixtures__/records.js";
import { BoundedLabel, statusClass } from "./labels.js";
import { GatewayMetrics } from "./metrics.js";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict parser for the Prometheus text format (0.0.4): throws on any line it cannot read. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") types.set(meta[2]!, meta[3]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    const value = m[3] === "+Inf" ? Number.POSITIVE_INFINITY : Number(m[3]);
    if (Number.isNaN(value)) throw new Error(`bad value: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return { samples, types };
}

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

describe("GatewayMetrics", () => {
  const known = { models: ["fast"], providers: ["openai-eu"], routes: ["chat"] };

  it("renders a parseable exposition with the expected series", async () => {
    const m = new GatewayMetrics({}, known);
    m.onRequestStart(true);
    m.onRequestStart(false);
    m.onRequestEnd(fullRecord(1));
    m.onLimitRefusal("tokens_per_minute");
    m.setBreakerState("openai-eu", "open");
    const { samples, types } = parseExposition(await m.render());
    expect(m.contentType).toMatch(/^text\/plain/);

    const pm = { provider: "openai-eu", model: "fast" };
    expect(
      find(samples, "tollgate_requests_total", { ...pm, route: "chat", status_class: "2xx" })[0]?.value,
    ).toBe(1);
    expect(find(samples, "tollgate_tokens_total", { ...pm, type: "input" })[0]?.value).toBe(1200);
    expect(find(samples, "tollgate_tokens_total", { ...pm, type: "output" })[0]?.value).toBe(300);
    expect(find(samples, "tollgate_tokens_total", { ...pm, type: "cached" })[0]?.value).toBe(1000);
    expect(find(samples, "tollgate_tokens_total", { type: "reasoning" })).toHaveLength(0); // 0 tokens: no series
    expect(find(samples, "tollgate_cost_usd_total", pm)[0]?.value).toBeCloseTo(0.000285, 12);
    expect(find(samples, "tollgate_request_duration_seconds_count", { ...pm, route: "chat" })[0]?.value).toBe(
      1,
    );
    expect(find(samples, "tollgate_request_duration_seconds_sum")[0]?.value).toBeCloseTo(0.8125, 9);
    expect(find(samples, "tollgate_upstream_duration_seconds_count", pm)[0]?.value).toBe(1);
    expect(find(samples, "tollgate_ttft_seconds_sum", pm)[0]?.value).toBeCloseTo(0.12025, 9);
    // 0.42 ms overhead lands in the 0.5 ms bucket, not the 0.25 ms one: sub-millisecond buckets exist.
    expect(find(samples, "tollgate_gateway_overhead_seconds_bucket", { le: "0.00025" })[0]?.value).toBe(0);
    expect(find(samples, "tollgate_gateway_overhead_seconds_bucket", { le: "0.0005" })[0]?.value).toBe(1);
    expect(find(samples, "tollgate_cache_results_total", { result: "miss" })[0]?.value).toBe(1);
    expect(find(samples, "tollgate_fallbacks_total", { route: "chat" })[0]?.value).toBe(1);
    expect(find(samples, "tollgate_limit_refusals_total", { limit: "tokens_per_minute" })[0]?.value).toBe(1);
    expect(find(samples, "tollgate_breaker_state", { target: "openai-eu" })[0]?.value).toBe(2);
    expect(find(samples, "tollgate_in_flight_requests")[0]?.value).toBe(1);
    expect(find(samples, "tollgate_in_flight_streams")[0]?.value).toBe(0);
    expect(types.get("tollgate_request_duration_seconds")).toBe("histogram");
    expect(types.get("tollgate_in_flight_requests")).toBe("gauge");
    expect(types.get("tollgate_requests_total")).toBe("counter");
  });

  it("counts errors by code and never labels with keys, users or request ids", async () => {
    const m = new GatewayMetrics({ tenant_label: true }, known);
    m.onRequestStart(false);
    m.onRequestEnd(sparseRecord(1));
    const text = await m.render();
    const { samples } = parseExposition(text);
    expect(find(samples, "tollgate_errors_total", { code: "rate_limit_exceeded" })[0]?.value).toBe(1);
    expect(
      find(samples, "tollgate_requests_total", { provider: "none", model: "none", status_class: "4xx" }),
    ).toHaveLength(1);
    m.onRequestEnd(fullRecord(7));
    const after = await m.render();
    for (const secret of ["req_7", "search-prod", "svc-search", "4bf92f3577b34da6a3ce929d0e0e4736"]) {
      expect(after).not.toContain(secret);
    }
    expect(find(parseExposition(after).samples, "tollgate_requests_total", { tenant: "acme" })).toHaveLength(
      1,
    );
  });

  it("has no tenant label unless enabled", async () => {
    const m = new GatewayMetrics({}, known);
    m.onRequestEnd(fullRecord(1));
    expect(await m.render()).not.toContain("tenant=");
  });

  it("labels a model that is not configured as other", async () => {
    const m = new GatewayMetrics({}, known);
    m.onRequestEnd({ ...fullRecord(1), model: "made-up-by-client" });
    const { samples } = parseExposition(await m.render());
    expect(find(samples, "tollgate_requests_total", { model: "other" })[0]?.value).toBe(1);
    expect(JSON.stringify(samples)).not.toContain("made-up-by-client");
  });

  it("uses its own registry, so two instances do not collide", async () => {
    const a = new GatewayMetrics({ process_metrics: true }, known);
    const b = new GatewayMetrics({ process_metrics: true }, known);
    a.onRequestEnd(fullRecord(1));
    expect(await b.render()).not.toContain('status_class="2xx"');
    expect(await a.render()).toContain("tollgate_process_cpu_seconds_total");
  });
});

describe("BoundedLabel", () => {
  it("admits the first max values, then other", () => {
    const l = new BoundedLabel(2);
    expect([l.value("a"), l.value("b"), l.value("c"), l.value("a"), l.value(null)]).toEqual([
      "a",
      "b",
      "other",
      "a",
      "none",
    ]);
  });
  it("with an allow-list, admits only its values; reload replaces it", () => {
    const l = new BoundedLabel(100, ["x"]);
    expect([l.value("x"), l.value("y")]).toEqual(["x", "other"]);
    l.allow(["y"]);
    expect([l.value("x"), l.value("y")]).toEqual(["other", "y"]);
  });
  it("refuses very long values", () => {
    expect(new BoundedLabel(10).value("a".repeat(200))).toBe("other");
  });
});

describe("statusClass", () => {
  it.each([
    [200, "2xx"],
    [429, "4xx"],
    [502, "5xx"],
    [0, "other"],
  ])("%i → %s", (status, cls) => expect(statusClass(status)).toBe(cls));
});

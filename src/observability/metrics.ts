/**
 * Prometheus metrics on their own Registry (never prom-client's global one). Every label is
 * bounded by construction (labels.ts): model takes only configured model names, other labels
 * an allow-list or a capped first-come set; never keys, users or request ids.
 * Metric list and label meanings: docs/observability.md.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { MetricsConfig } from "./config.js";
import { BoundedLabel, type KnownLabels, statusClass } from "./labels.js";
import type { UsageRecord } from "./record.js";
import { HistogramSeries, PendingCounter } from "./series.js";
import type { SinkStats } from "./sinks/types.js";

const PREFIX = "tollgate_";
/** Whole-request and upstream latency: 5 ms … 2 min (LLM calls are slow and long-tailed). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Time to first token: 10 ms … 30 s. */
const TTFT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
/** Gateway overhead: 50 µs … 250 ms; most requests should land in the sub-millisecond buckets. */
const OVERHEAD_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
];

/** Circuit-breaker states as gauge values. */
export const BREAKER_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;
export type BreakerState = keyof typeof BREAKER_STATE_VALUES;

type Labels = Record<string, string>;

/** The gateway's metrics and the entry points the request path calls. */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly model = new BoundedLabel(0);
  private readonly provider = new BoundedLabel(100);
  private readonly route = new BoundedLabel(100);
  private readonly tenant = new BoundedLabel(200);
  private readonly target = new BoundedLabel(200);
  private readonly code = new BoundedLabel(100);
  private readonly cacheResult = new BoundedLabel(20);
  private readonly limit = new BoundedLabel(50);
  private readonly tenantLabel: boolean;

  private readonly requests: PendingCounter;
  private readonly tokens: PendingCounter;
  private readonly cost: PendingCounter;
  private readonly duration: HistogramSeries;
  private readonly upstream: HistogramSeries;
  private readonly ttft: HistogramSeries;
  private readonly overhead: HistogramSeries;
  private readonly errors: PendingCounter;
  private readonly cache: PendingCounter;
  private readonly fallbacks: PendingCounter;
  private readonly limitRefusals: Counter;
  private readonly breaker: Gauge;
  /** In-flight counts, read by their gauges' `collect` at scrape time. */
  private inFlight = 0;
  private inFlightStreams = 0;

  constructor(config: Partial<MetricsConfig> = {}, known: KnownLabels = {}) {
    this.tenantLabel = config.tenant_label ?? false;
    this.setKnownLabels(known);
    const registers = [this.registry];
    const t = this.tenantLabel ? ["tenant"] : [];
    const counter = (name: string, help: string, labelNames: string[]) =>
      new Counter({ name: PREFIX + name, help, labelNames, registers });
    // Counters and histograms the request path updates: label objects built once per series.
    const pending = (name: string, help: string, labelNames: string[]) => {
      const p = new PendingCounter();
      return p.bind(
        new Counter({ name: PREFIX + name, help, labelNames, registers, collect: () => p.flush() }),
      );
    };
    const histogram = (name: string, help: string, labelNames: string[], buckets: number[]) =>
      new HistogramSeries(new Histogram({ name: PREFIX + name, help, labelNames, buckets, registers }));
    const gauge = (name: string, help: string, labelNames: string[] = []) =>
      new Gauge({ name: PREFIX + name, help, labelNames, registers });

    this.requests = pending("requests_total", "Requests finished.", [
      "provider",
      "model",
      "route",
      "status_class",
      ...t,
    ]);
    this.tokens = pending("tokens_total", "Tokens by type (input includes cached).", [
      "provider",
      "model",
      "type",
      ...t,
    ]);
    this.cost = pending("cost_usd_total", "Cost in USD from the price table (priced requests only).", [
      "provider",
      "model",
      ...t,
    ]);
    this.duration = histogram(
      "request_duration_seconds",
      "Request arrival to last byte.",
      ["provider", "model", "route"],
      LATENCY_BUCKETS,
    );
    this.upstream = histogram(
      "upstream_duration_seconds",
      "Time spent on upstream attempts.",
      ["provider", "model"],
      LATENCY_BUCKETS,
    );
    this.ttft = histogram(
      "ttft_seconds",
      "Time to first token (streams).",
      ["provider", "model"],
      TTFT_BUCKETS,
    );
    this.overhead = histogram(
      "gateway_overhead_seconds",
      "Request time not spent waiting on upstreams.",
      ["route"],
      OVERHEAD_BUCKETS,
    );
    this.errors = pending("errors_total", "Requests that ended in an error, by stable code.", ["code"]);
    this.cache = pending("cache_results_total", "Response-cache lookups by result.", ["result"]);
    this.fallbacks = pending("fallbacks_total", "Requests served after falling back to another target.", [
      "route",
    ]);
    this.limitRefusals = counter("limit_refusals_total", "Requests refused by a limit or budget.", ["limit"]);
    this.breaker = gauge("breaker_state", "Circuit breaker: 0 closed, 1 half-open, 2 open.", ["target"]);
    const live = (name: string, help: string, read: () => number) =>
      new Gauge({
        name: PREFIX + name,
        help,
        registers,
        collect: function (this: Gauge) {
          this.set(read());
        },
      });
    live("in_flight_requests", "Requests being served.", () => this.inFlight);
    live("in_flight_streams", "Streaming responses being served.", () => this.inFlightStreams);
    if (config.process_metrics ?? false) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /** The Content-Type for `render()`'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Updates the allow-lists from a (re)compiled config. */
  setKnownLabels(known: KnownLabels): void {
    this.model.allow(known.models ?? []);
    if (known.providers) this.provider.allow(known.providers);
    if (known.routes) this.route.allow(known.routes);
    if (known.tenants) this.tenant.allow(known.tenants);
    if (known.targets) this.target.allow(known.targets);
  }

  /** Call once when a request starts being served. Pair with exactly one `onRequestEnd`. */
  onRequestStart(stream: boolean): void {
    this.inFlight++;
    if (stream) this.inFlightStreams++;
  }

  /** Call once per request, with its final usage record (same `stream` as at start). */
  onRequestEnd(r: UsageRecord): void {
    this.inFlight--;
    if (r.stream) this.inFlightStreams--;
    const provider = this.provider.value(r.provider);
    const model = this.model.value(r.model);
    const route = this.route.value(r.route);
    const tenant = this.tenantLabel ? this.tenant.value(r.tenant) : undefined;
    const pmKey = tenant === undefined ? `${provider}\0${model}` : `${provider}\0${model}\0${tenant}`;
    const pm = (): Labels => (tenant === undefined ? { provider, model } : { provider, model, tenant });
    const status = statusClass(r.status);
    this.requests.inc(`${pmKey}\0${route}\0${status}`, () => ({ ...pm(), route, status_class: status }));
    this.countTokens(pmKey, pm, r);
    if (r.cost_usd !== null) this.cost.inc(pmKey, pm, r.cost_usd);
    const pmrKey = `${provider}\0${model}\0${route}`;
    this.duration.observe(pmrKey, () => ({ provider, model, route }), r.latency_ms / 1000);
    const pmOnlyKey = `${provider}\0${model}`;
    const pmOnly = () => ({ provider, model });
    if (r.upstream_latency_ms !== null)
      this.upstream.observe(pmOnlyKey, pmOnly, r.upstream_latency_ms / 1000);
    if (r.ttft_ms !== null) this.ttft.observe(pmOnlyKey, pmOnly, r.ttft_ms / 1000);
    if (r.gateway_overhead_ms !== null)
      this.overhead.observe(route, () => ({ route }), r.gateway_overhead_ms / 1000);
    if (r.error_code !== null) {
      const code = this.code.value(r.error_code);
      this.errors.inc(code, () => ({ code }));
    }
    if (r.cache_status !== null) {
      const result = this.cacheResult.value(r.cache_status);
      this.cache.inc(result, () => ({ result }));
    }
    if (r.fallback_used) this.fallbacks.inc(route, () => ({ route }));
  }

  /**
   * Exports every sink's written/dropped/failed counts as `tollgate_sink_records_total`, read
   * at scrape time (the sinks own the counts; nothing is added on the request path).
   */
  trackSinks(stats: () => Record<string, SinkStats>): void {
    new Counter({
      name: `${PREFIX}sink_records_total`,
      help: "Usage records per sink: written (delivered), dropped (never attempted), failed (given up).",
      labelNames: ["sink", "outcome"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [sink, s] of Object.entries(stats())) {
          for (const outcome of ["written", "dropped", "failed"] as const)
            this.inc({ sink, outcome }, s[outcome]);
        }
      },
    });
  }

  /** A limit or budget refused a request (`limit` is the limit's config name or kind). */
  onLimitRefusal(limit: string): void {
    this.limitRefusals.inc({ limit: this.limit.value(limit) });
  }

  /** A circuit breaker changed state. */
  setBreakerState(target: string, state: BreakerState): void {
    this.breaker.set({ target: this.target.value(target) }, BREAKER_STATE_VALUES[state]);
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  private countTokens(pmKey: string, pm: () => Labels, r: UsageRecord): void {
    const add = (type: string, n: number | null) => {
      if (n !== null) this.tokens.inc(`${pmKey}\0${type}`, () => ({ ...pm(), type }), n);
    };
    add("input", r.input_tokens);
    add("output", r.output_tokens);
    add("cached", r.cached_tokens);
    add("cache_write", r.cache_write_tokens);
    add("reasoning", r.reasoning_tokens);
  }
}

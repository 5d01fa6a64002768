/**
 * Labelled series without per-request label handling. prom-client validates and hashes the label
 * object on every `inc` and `observe`; on the request path that is paid once per series instead:
 * counter increments are summed in place and handed to prom-client when it is scraped (its
 * `collect` hook), and each histogram series keeps the child prom-client made for it. Callers
 * name a series by a key string built from the (already bounded) label values, so both maps stay
 * as small as the label sets themselves.
 */
import type { Counter, Histogram } from "prom-client";

type Labels = Record<string, string>;

/** Counter increments summed per series until the next scrape. */
export class PendingCounter {
  private readonly series = new Map<string, { labels: Labels; pending: number }>();
  private counter: Counter | undefined;

  /** The counter to flush into; pass `flush` as its `collect` hook. */
  bind(counter: Counter): this {
    this.counter = counter;
    return this;
  }

  /** Adds `n` (finite, > 0; anything else is ignored) to the series `key`, labelled by `labels()`. */
  inc(key: string, labels: () => Labels, n = 1): void {
    if (!(n > 0) || !Number.isFinite(n)) return;
    const s = this.series.get(key);
    if (s) s.pending += n;
    else this.series.set(key, { labels: labels(), pending: n });
  }

  /** Hands the sums to prom-client. Called by the counter's `collect` before each scrape. */
  flush(): void {
    if (!this.counter) return;
    for (const s of this.series.values()) {
      if (s.pending === 0) continue;
      this.counter.inc(s.labels, s.pending);
      s.pending = 0;
    }
  }
}

/** Histogram observations through one cached prom-client child per series. */
export class HistogramSeries {
  private readonly children = new Map<string, (value: number) => void>();

  constructor(private readonly histogram: Histogram) {}

  observe(key: string, labels: () => Labels, value: number): void {
    let observe = this.children.get(key);
    if (!observe) {
      observe = this.histogram.labels(labels()).observe;
      this.children.set(key, observe);
    }
    observe(value);
  }
}

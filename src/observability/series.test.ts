import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { HistogramSeries, PendingCounter } from "./series.js";

async function values(registry: Registry, name: string) {
  const m = await registry.getSingleMetric(name)!.get();
  return m.values.map((v) => ({
    labels: v.labels,
    value: v.value,
    metricName: (v as { metricName?: string }).metricName,
  }));
}

describe("PendingCounter", () => {
  it("sums increments per series and hands them over at each scrape, once", async () => {
    const registry = new Registry();
    const p = new PendingCounter();
    p.bind(
      new Counter({
        name: "c",
        help: "h",
        labelNames: ["a"],
        registers: [registry],
        collect: () => p.flush(),
      }),
    );
    let built = 0;
    const labels = (a: string) => () => {
      built++;
      return { a };
    };
    for (let i = 0; i < 5; i++) p.inc("x", labels("x"));
    p.inc("y", labels("y"), 2.5);
    expect(await values(registry, "c")).toEqual([
      { labels: { a: "x" }, value: 5, metricName: undefined },
      { labels: { a: "y" }, value: 2.5, metricName: undefined },
    ]);
    expect(built).toBe(2);
    p.inc("x", labels("x"));
    expect((await values(registry, "c"))[0]?.value).toBe(6);
    expect((await values(registry, "c"))[0]?.value).toBe(6);
  });

  it("ignores values a counter cannot take instead of breaking the scrape", async () => {
    const registry = new Registry();
    const p = new PendingCounter();
    p.bind(
      new Counter({
        name: "c",
        help: "h",
        labelNames: ["a"],
        registers: [registry],
        collect: () => p.flush(),
      }),
    );
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, -1, 0]) p.inc("x", () => ({ a: "x" }), n);
    expect(await values(registry, "c")).toEqual([]);
    await expect(registry.metrics()).resolves.toContain("# TYPE c counter");
  });
});

describe("HistogramSeries", () => {
  it("observes through one child per series", async () => {
    const registry = new Registry();
    const h = new HistogramSeries(
      new Histogram({ name: "h", help: "h", labelNames: ["a"], buckets: [1], registers: [registry] }),
    );
    let built = 0;
    for (const v of [0.5, 2, 0.1]) {
      h.observe(
        "x",
        () => {
          built++;
          return { a: "x" };
        },
        v,
      );
    }
    const count = (await values(registry, "h")).find((v) => v.metricName === "h_count");
    expect(count).toMatchObject({ labels: { a: "x" }, value: 3 });
    expect(built).toBe(1);
  });
});

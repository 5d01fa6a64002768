import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fullRecord, memoryLogger } from "./__fixtures__/records.js";
import { createObservability, NOOP_TRACING, observabilityConfigSchema } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "tg-obs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("observabilityConfigSchema", () => {
  it("accepts an empty section and fills defaults", () => {
    const c = observabilityConfigSchema.parse({});
    expect(c.log_payloads).toBe(false);
    expect(c.metrics).toEqual({ tenant_label: false, process_metrics: true });
    expect(c.pricing).toEqual({});
    expect(c.tracing).toBeUndefined();
  });

  it("fills sink defaults", () => {
    const c = observabilityConfigSchema.parse({
      database: { url: "sqlite://usage.db" },
      webhook: { url: "https://hooks.example.com/usage" },
      tracing: { otlp_endpoint: "http://collector:4318" },
    });
    expect(c.database).toMatchObject({ table: "usage_records", batch_size: 200, flush_ms: 1000 });
    expect(c.webhook).toMatchObject({ batch_size: 100, max_queue: 10_000, max_attempts: 5, headers: {} });
    expect(c.tracing).toMatchObject({ service_name: "tollgate", sample_ratio: 1 });
  });

  it.each([
    [{ database: { url: "mysql://x" } }, "database.url"],
    [{ database: { url: "sqlite://x.db", table: "usage; DROP TABLE x" } }, "database.table"],
    [{ webhook: { url: "not a url" } }, "webhook.url"],
    [{ tracing: { otlp_endpoint: "http://c", sample_ratio: 2 } }, "tracing.sample_ratio"],
    [{ log: { stdout: true, colour: true } }, "log"],
    [{ metrics: { tenant_labels: true } }, "metrics"],
  ])("rejects %j at %s", (input, path) => {
    const r = observabilityConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join(".")).toContain(path.split(".")[0]);
  });
});

describe("createObservability", () => {
  it("wires sinks, metrics, pricing; finish fills cost, counts metrics, strips payloads", async () => {
    const file = join(dir, "usage.jsonl");
    const config = observabilityConfigSchema.parse({
      log: { file },
      database: { url: `sqlite://${join(dir, "usage.db")}` },
      metrics: { process_metrics: false },
      pricing: { "gpt-4o-mini": { input_per_mtok: 1, output_per_mtok: 2 } },
    });
    const obs = createObservability(config, memoryLogger(), { models: ["fast"], providers: ["openai-eu"] });
    expect(obs.tracer).toBe(NOOP_TRACING);
    expect(obs.sinks.sinks.map((s) => s.name)).toEqual(["jsonl-file", "sqlite"]);

    const record = { ...fullRecord(1), cost_usd: null };
    obs.metrics.onRequestStart(record.stream);
    obs.finish(record);
    // 200 fresh input at 1/MTok + 1000 cached at (default) 1/MTok + 300 output at 2/MTok
    expect(record.cost_usd).toBeCloseTo((200 + 1000 + 600) / 1e6, 12);
    await obs.sinks.flush();
    const line = JSON.parse(readFileSync(file, "utf8").trim());
    expect(line.request_payload).toBeNull();
    expect(line.response_payload).toBeNull();
    expect(line.cost_usd).toBeCloseTo(0.0018, 12);
    expect(await obs.metrics.render()).toContain('tollgate_requests_total{provider="openai-eu",model="fast"');
    expect(obs.sinks.stats()).toEqual({
      "jsonl-file": { written: 1, dropped: 0, failed: 0 },
      sqlite: { written: 1, dropped: 0, failed: 0 },
    });
    await obs.close();
    obs.finish({ ...fullRecord(2), cost_usd: null });
    const text = await obs.metrics.render();
    expect(text).toContain('tollgate_sink_records_total{sink="sqlite",outcome="written"} 1');
    expect(text).toContain('tollgate_sink_records_total{sink="sqlite",outcome="dropped"} 1');
    expect(text).toContain('tollgate_sink_records_total{sink="jsonl-file",outcome="failed"} 0');
  });

  it("keeps payloads when log_payloads is on", async () => {
    const file = join(dir, "payloads.jsonl");
    const obs = createObservability(
      observabilityConfigSchema.parse({
        log: { file },
        log_payloads: true,
        metrics: { process_metrics: false },
      }),
      memoryLogger(),
    );
    obs.finish(fullRecord(1));
    await obs.close();
    expect(JSON.parse(readFileSync(file, "utf8")).request_payload).toEqual({
      messages: [{ role: "user", content: "héllo ✓" }],
    });
  });

  it("with nothing configured, finish still updates metrics and writes nowhere", async () => {
    const obs = createObservability(
      observabilityConfigSchema.parse({ metrics: { process_metrics: false } }),
      memoryLogger(),
    );
    expect(obs.sinks.active).toBe(false);
    obs.finish(fullRecord(1));
    expect(await obs.metrics.render()).toContain("tollgate_requests_total");
    await obs.close();
  });
});

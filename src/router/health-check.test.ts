import { describe, expect, it } from "vitest";
import { createBalancer } from "./balancers/registry.js";
import { healthCheckSchema } from "./config.js";
import { HealthChecker, TargetHealth } from "./health-check.js";
import { ModelRouter } from "./model-router.js";

const cfg = healthCheckSchema.parse({ unhealthy_after: 2, healthy_after: 2, timeout_ms: 50 });

describe("TargetHealth", () => {
  it("starts serving, goes out after unhealthy_after failures in a row, back after healthy_after successes", () => {
    const h = new TargetHealth(cfg);
    expect(h.healthy).toBe(true);
    expect(h.view().status).toBe("unknown");
    h.report(false, "boom");
    h.report(true);
    h.report(false, "boom");
    expect(h.healthy).toBe(true); // not two in a row
    h.report(false, "503 overloaded");
    expect(h.view()).toMatchObject({ status: "unhealthy", failures: 2, last_error: "503 overloaded" });
    h.report(true);
    expect(h.healthy).toBe(false);
    h.report(true);
    expect(h.view()).toMatchObject({ status: "healthy", successes: 2, failures: 0 });
  });
});

describe("HealthChecker", () => {
  const targets = () => [
    { id: "a/m", health: new TargetHealth(cfg) },
    { id: "b/m", health: new TargetHealth(cfg) },
  ];

  it("probes every target each round and takes a failing one out of plans", async () => {
    const ts = targets();
    const probed: string[] = [];
    const checker = new HealthChecker(cfg, ts, async (t) => {
      probed.push(t.id);
      if (t.id === "a/m") throw new Error("upstream_unreachable");
    });
    const router = new ModelRouter(
      "priority",
      createBalancer<(typeof ts)[number]>("priority"),
      {
        retries: { attempts: 0, backoff_ms: 0, max_backoff_ms: 0, max_retry_after_ms: 0 },
        fallbackOn: [],
        timeouts: undefined,
      },
      ts,
    );
    const input = { request: { model: "m", messages: [], stream: false }, headers: {} };
    await checker.round();
    expect((await router.plan(input)).order.map((t) => t.id)).toEqual(["a/m", "b/m"]);
    await checker.round();
    expect(probed).toEqual(["a/m", "b/m", "a/m", "b/m"]);
    const plan = await router.plan(input);
    expect(plan.order.map((t) => t.id)).toEqual(["b/m"]);
    expect(plan.skipped.map((t) => t.id)).toEqual(["a/m"]);
    const standing = await router.standing(input);
    expect(standing[0]!.check).toMatchObject({ status: "unhealthy", last_error: "upstream_unreachable" });
  });

  it("counts a probe that does not answer within timeout_ms as failed", async () => {
    const ts = targets();
    const checker = new HealthChecker(
      cfg,
      ts,
      (_t, signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("timed out")))),
    );
    await checker.round();
    expect(ts[0]!.health.view()).toMatchObject({ failures: 1, last_error: "timed out" });
  });
});

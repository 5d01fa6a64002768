import { describe, expect, it } from "vitest";
import { GatewayError } from "../canonical/errors.js";
import type { RequestContext } from "../pipeline/context.js";
import type { BoundModel, CompiledTarget } from "../runtime/serving.js";
import { withFallback } from "./attempts.js";
import { createBalancer } from "./balancers/registry.js";
import { Breaker } from "./breaker.js";
import { systemClock } from "./clock.js";
import { type FallbackOn, retriesSchema } from "./config.js";
import { ModelRouter } from "./model-router.js";
import { resumeAttempts } from "./resume-attempts.js";

const target = (id: string): CompiledTarget =>
  ({
    id,
    provider: { name: id.split("/")[0] },
    target: { provider: id.split("/")[0], model: id.split("/")[1] },
    weight: 1,
    priority: 1,
    breaker: new Breaker({ max_fails: 2, window_ms: 60_000, cooldown_ms: 60_000 }, systemClock),
  }) as unknown as CompiledTarget;

function setup(ids: string[], opts: { retries?: number; fallbackOn?: FallbackOn } = {}) {
  const targets = ids.map(target);
  const observed: Array<[string, boolean]> = [];
  const balancer = createBalancer<CompiledTarget>("priority");
  balancer.observe = (t, o) => void observed.push([t.id, o.ok]);
  const router = new ModelRouter(
    "priority",
    balancer,
    {
      retries: retriesSchema.parse({ attempts: opts.retries ?? 0, backoff_ms: 0 }),
      fallbackOn: opts.fallbackOn ?? ["error", "timeout", "429", "5xx"],
      timeouts: { total_ms: 60_000 },
      streamResume: true,
    },
    targets,
  );
  const model = { name: "m", targets, router } as unknown as BoundModel;
  const ctx = {
    request: { model: "m", messages: [], stream: true },
    headers: {},
    abort: new AbortController(),
    attempts: 0,
    fallbackUsed: false,
  } as unknown as RequestContext;
  return { ctx, model, targets, observed };
}

const reset = new GatewayError({
  status: 502,
  kind: "upstream",
  code: "upstream_connection_reset",
  message: "reset",
});
const ok = async (t: CompiledTarget) => t.id;

describe("resuming the plan after a stream broke", () => {
  it("falls back to the next accepted target, skipping those that cannot continue", async () => {
    const { ctx, model, observed } = setup(["a/x", "openai/y", "b/z"]);
    expect(await withFallback(ctx, model, ok)).toBe("a/x");
    const next = await resumeAttempts(ctx, model, reset, (t) => t.id !== "openai/y", ok);
    expect(next).toBe("b/z");
    expect(ctx.attempts).toBe(2);
    expect(ctx.fallbackUsed).toBe(true);
    expect(ctx.attemptFailures?.map((f) => [f.target, f.status, f.code, f.then, f.mid_stream])).toEqual([
      ["a/x", 502, "upstream_connection_reset", "fallback", true],
    ]);
    // The broken attempt counts against its breaker and the balancer hears it failed.
    expect(model.targets[0]!.breaker!.view()).toEqual({ state: "closed", failures: 1 });
    expect(observed).toEqual([["a/x", false]]);
    expect(ctx.routed?.target.id).toBe("b/z");
  });

  it("retries the same target first when retries remain, with no total deadline", async () => {
    const { ctx, model } = setup(["a/x", "b/z"], { retries: 1 });
    const limits: Array<number | undefined> = [];
    const attempt = async (t: CompiledTarget, l: { remainingMs?: number }) => {
      limits.push(l.remainingMs);
      return t.id;
    };
    await withFallback(ctx, model, attempt);
    expect(await resumeAttempts(ctx, model, reset, () => true, attempt)).toBe("a/x");
    expect(ctx.attemptFailures?.map((f) => f.then)).toEqual(["retry"]);
    // The first attempt was bound by total_ms; the answer has started, so its continuation is not.
    expect(limits[0]).toBeGreaterThan(0);
    expect(limits[1]).toBeUndefined();
  });

  it("stops when fallback_on does not cover the failure, or nothing is left", async () => {
    const only5xx = setup(["a/x", "b/z"], { fallbackOn: ["5xx"] });
    await withFallback(only5xx.ctx, only5xx.model, ok);
    const timeout = new GatewayError({
      status: 504,
      kind: "timeout",
      code: "upstream_idle_timeout",
      message: "t",
    });
    expect(await resumeAttempts(only5xx.ctx, only5xx.model, timeout, () => true, ok)).toBe("b/z");
    const notCovered = new GatewayError({ status: 400, kind: "invalid_request", code: "bad", message: "b" });
    const s = setup(["a/x", "b/z"]);
    await withFallback(s.ctx, s.model, ok);
    expect(await resumeAttempts(s.ctx, s.model, notCovered, () => true, ok)).toBeUndefined();
    expect(s.ctx.attemptFailures?.map((f) => f.then)).toEqual(["fail"]);
    const alone = setup(["a/x", "openai/y"]);
    await withFallback(alone.ctx, alone.model, ok);
    expect(await resumeAttempts(alone.ctx, alone.model, reset, (t) => t.id === "a/x", ok)).toBeUndefined();
    expect(alone.ctx.routed).toBeUndefined();
  });

  it("throws the last error when every candidate fails too", async () => {
    const { ctx, model } = setup(["a/x", "b/z"]);
    await withFallback(ctx, model, ok);
    const down = new GatewayError({
      status: 503,
      kind: "upstream",
      code: "upstream_unreachable",
      message: "d",
    });
    await expect(
      resumeAttempts(
        ctx,
        model,
        reset,
        () => true,
        async () => {
          throw down;
        },
      ),
    ).rejects.toBe(down);
    expect(ctx.attemptFailures?.map((f) => [f.target, f.then])).toEqual([
      ["a/x", "fallback"],
      ["b/z", "fail"],
    ]);
  });
});

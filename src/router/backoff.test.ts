import { describe, expect, it } from "vitest";
import { backoffMs, retryAfterMs } from "./backoff.js";
import { retriesSchema } from "./config.js";

const cfg = retriesSchema.parse({
  attempts: 3,
  backoff_ms: 100,
  max_backoff_ms: 250,
  max_retry_after_ms: 2000,
});

describe("backoff", () => {
  it("reads retry-after as seconds or an HTTP date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs("0.5")).toBe(500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it("doubles the jitter cap each retry, up to max_backoff_ms", () => {
    const top = () => 0.999999;
    expect(backoffMs(0, cfg, undefined, undefined, top)).toBe(99);
    expect(backoffMs(1, cfg, undefined, undefined, top)).toBe(199);
    expect(backoffMs(5, cfg, undefined, undefined, top)).toBe(249);
    expect(backoffMs(0, cfg, undefined, undefined, () => 0)).toBe(0);
  });

  it("waits what retry-after asks, unless it is longer than max_retry_after_ms", () => {
    expect(backoffMs(0, cfg, 1500, undefined)).toBe(1500);
    expect(backoffMs(0, cfg, 7000, undefined)).toBeUndefined();
  });

  it("never waits past the deadline", () => {
    expect(backoffMs(0, cfg, 1500, 1000)).toBeUndefined();
    expect(backoffMs(0, cfg, 500, 1000)).toBe(500);
  });
});

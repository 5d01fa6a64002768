import { describe, expect, it } from "vitest";
import { Breaker } from "./breaker.js";
import type { Clock } from "./clock.js";

function fakeClock(): Clock & { advance(ms: number): void } {
  let t = 1_000;
  return {
    now: () => t,
    sleep: async () => undefined,
    advance: (ms) => {
      t += ms;
    },
  };
}

const cfg = { max_fails: 3, window_ms: 10_000, cooldown_ms: 30_000 };

describe("Breaker", () => {
  it("opens after max_fails failures within the window", () => {
    const clock = fakeClock();
    const b = new Breaker(cfg, clock);
    b.failure();
    b.failure();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.view().state).toBe("open");
    expect(b.allow()).toBe(false);
    expect(b.available()).toBe(false);
  });

  it("forgets failures older than the window", () => {
    const clock = fakeClock();
    const b = new Breaker(cfg, clock);
    b.failure();
    b.failure();
    clock.advance(10_001);
    b.failure();
    expect(b.view()).toEqual({ state: "closed", failures: 1 });
  });

  it("lets exactly one probe through after the cooldown; its success closes the breaker", () => {
    const clock = fakeClock();
    const b = new Breaker(cfg, clock);
    for (let i = 0; i < 3; i++) b.failure();
    clock.advance(29_999);
    expect(b.allow()).toBe(false);
    clock.advance(1);
    expect(b.view().state).toBe("half-open");
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false);
    b.success();
    expect(b.view().state).toBe("closed");
    expect(b.allow()).toBe(true);
  });

  it("a failed probe opens it for another cooldown", () => {
    const clock = fakeClock();
    const b = new Breaker(cfg, clock);
    for (let i = 0; i < 3; i++) b.failure();
    clock.advance(30_000);
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.view()).toMatchObject({ state: "open", retryInMs: 30_000 });
    clock.advance(30_000);
    expect(b.allow()).toBe(true);
  });
});

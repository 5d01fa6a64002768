import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GatewayError } from "../canonical/errors.js";
import type { RequestContext } from "../pipeline/context.js";
import type { CompiledTarget } from "../runtime/serving.js";
import { attemptFailureLogger, logRequest } from "./request-log.js";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

const ctx = (status: number) =>
  ({
    id: "r1",
    status,
    marks: {},
    startedAt: process.hrtime.bigint(),
    warnings: [],
    attempts: 1,
  }) as unknown as RequestContext;

describe("request log", () => {
  it("logs 429 and 5xx outcomes at warn, others at info", async () => {
    const { logger, lines } = capture();
    for (const status of [200, 404, 429, 502]) logRequest(logger, ctx(status));
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.status, l.level])).toEqual([
      [200, 30],
      [404, 30],
      [429, 40],
      [502, 40],
    ]);
  });

  it("logs each failed attempt with its provider, code and whether it falls back", async () => {
    const { logger, lines } = capture();
    const target = { provider: { name: "primary" }, target: { model: "m1" } } as unknown as CompiledTarget;
    const fail = attemptFailureLogger(logger, ctx(0));
    fail(
      target,
      new GatewayError({ status: 503, kind: "overloaded", code: "upstream_error", message: "x" }),
      true,
    );
    fail(target, new Error("boom"), false);
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({
      level: 40,
      provider: "primary",
      status: 503,
      error_code: "upstream_error",
      falling_back: true,
    });
    expect(lines[0]!.msg).toMatch(/trying the next target/);
    expect(lines[1]).toMatchObject({ falling_back: false, status: null, error_code: null });
  });
});

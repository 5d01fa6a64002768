import { describe, expect, it } from "vitest";
import { createLogger, formatPretty } from "./logger.js";

/** A destination that keeps what is written; `isTTY` as a terminal would report it. */
function sink(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, dest: { isTTY, write: (s: string) => void lines.push(s) } };
}

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/;

describe("logging.format", () => {
  it("defaults to pretty on a terminal: ISO time, level, message, then the fields", () => {
    const { lines, dest } = sink(true);
    createLogger({ level: "info" }, dest).warn(
      { reason: "SIGHUP", restart_needed: ["server.port"] },
      "config reloaded",
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("\u001b[33mWARN \u001b[0m");
    const line = lines[0]!.replaceAll("\u001b[33m", "").replaceAll("\u001b[0m", "");
    expect(line).toMatch(
      new RegExp(`^${ISO.source} WARN  config reloaded reason=SIGHUP restart_needed=\\["server.port"\\]\\n$`),
    );
    expect(line).not.toContain("pid=");
    expect(line).not.toContain("service=");
  });

  it("defaults to JSON when stdout is not a terminal, with ISO times", () => {
    const { lines, dest } = sink(false);
    createLogger({ level: "info" }, dest).info({ a: 1 }, "hello");
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(rec).toMatchObject({ level: 30, msg: "hello", a: 1, service: "tollgate" });
    expect(rec.time).toMatch(ISO);
  });

  it("an explicit format wins over the terminal check", () => {
    const pretty = sink(false);
    createLogger({ level: "info", format: "pretty" }, pretty.dest).info("x");
    expect(pretty.lines[0]).toMatch(new RegExp(`^${ISO.source} INFO  x\\n$`));
    const json = sink(true);
    createLogger({ level: "info", format: "json" }, json.dest).info("x");
    expect(JSON.parse(json.lines[0]!).msg).toBe("x");
  });

  it("keeps the level filter", () => {
    const { lines, dest } = sink(false);
    createLogger({ level: "warn" }, dest).info("hidden");
    expect(lines).toEqual([]);
  });

  it("prints an error's stack on its own lines, and passes through what is not a JSON record", () => {
    const out = formatPretty(
      JSON.stringify({
        level: 50,
        time: "2026-01-01T00:00:00.000Z",
        msg: "boom",
        err: { message: "m", stack: "Error: m\n    at x" },
      }),
      false,
    );
    expect(out).toBe('2026-01-01T00:00:00.000Z ERROR boom err="m"\n    Error: m\n        at x\n');
    expect(formatPretty("not json", false)).toBe("not json\n");
  });
});

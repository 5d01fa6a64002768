import { describe, expect, it } from "vitest";
import { parseWhen, usageQuery } from "./usage.js";

const NOW = Date.parse("2026-12-03T12:00:00.000Z");

describe("tollgate usage: times and the query it sends", () => {
  it("turns a time ago into an ISO time and keeps an ISO date", () => {
    expect(parseWhen("--from", "7d", NOW)).toBe("2026-11-26T12:00:00.000Z");
    expect(parseWhen("--from", "12h", NOW)).toBe("2026-12-03T00:00:00.000Z");
    expect(parseWhen("--from", "30m", NOW)).toBe("2026-12-03T11:30:00.000Z");
    expect(parseWhen("--from", "2w", NOW)).toBe("2026-11-19T12:00:00.000Z");
    expect(parseWhen("--to", "now", NOW)).toBe("2026-12-03T12:00:00.000Z");
    expect(parseWhen("--from", "2026-12-01", NOW)).toBe("2026-12-01T00:00:00.000Z");
    expect(parseWhen("--from", "2026-12-01T08:00:00+01:00", NOW)).toBe("2026-12-01T07:00:00.000Z");
  });

  it("names the option and the forms it takes for anything else", () => {
    for (const bad of ["yesterday", "7", "7y", "1733230000000", "2026-13-45"])
      expect(() => parseWhen("--to", bad, NOW)).toThrow(/^--to: expected an ISO date .*got/);
  });

  it("sends group_by, the range and the filters as the admin API's query", () => {
    const path = usageQuery(
      { adminUrl: "http://x", groupBy: "team, model", from: "1d", team: "core", model: "gpt-4o" },
      NOW,
    );
    const q = new URL(path, "http://x").searchParams;
    expect(path.startsWith("/admin/v1/usage?")).toBe(true);
    expect(Object.fromEntries(q)).toEqual({
      group_by: "team,model",
      from: "2026-12-02T12:00:00.000Z",
      team: "core",
      model: "gpt-4o",
    });
    expect(usageQuery({ adminUrl: "http://x" }, NOW)).toBe("/admin/v1/usage");
  });
});

import { describe, expect, it } from "vitest";
import { periodAt } from "./windows.js";

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const span = (now: string, period: "daily" | "weekly" | "monthly", anchor: string) => {
  const s = periodAt(t(now), { period, alignment: "rolling" }, t(anchor));
  return [iso(s.start), iso(s.end)];
};

describe("rolling budget periods counted from the anchor", () => {
  it("monthly from the 17th resets on the 17th at the anchor's time of day", () => {
    expect(span("2026-12-03T09:00:00Z", "monthly", "2026-10-17T15:30:00Z")).toEqual([
      "2026-11-17T15:30:00.000Z",
      "2026-12-17T15:30:00.000Z",
    ]);
    // Exactly at the boundary a new period starts.
    expect(span("2026-12-17T15:30:00Z", "monthly", "2026-10-17T15:30:00Z")[0]).toBe(
      "2026-12-17T15:30:00.000Z",
    );
    expect(span("2026-12-17T15:29:59.999Z", "monthly", "2026-10-17T15:30:00Z")[1]).toBe(
      "2026-12-17T15:30:00.000Z",
    );
  });

  it("monthly anchored on the 31st clamps to each month's last day without drifting", () => {
    const anchor = "2027-01-31T00:00:00Z";
    expect(span("2027-02-10T00:00:00Z", "monthly", anchor)).toEqual([
      "2027-01-31T00:00:00.000Z",
      "2027-02-28T00:00:00.000Z",
    ]);
    // After the short month the period goes back to the 31st, not the 28th.
    expect(span("2027-03-01T00:00:00Z", "monthly", anchor)).toEqual([
      "2027-02-28T00:00:00.000Z",
      "2027-03-31T00:00:00.000Z",
    ]);
    expect(span("2027-04-15T00:00:00Z", "monthly", anchor)).toEqual([
      "2027-03-31T00:00:00.000Z",
      "2027-04-30T00:00:00.000Z",
    ]);
    // A leap year's February has 29 days.
    expect(span("2028-02-29T12:00:00Z", "monthly", anchor)).toEqual([
      "2028-02-29T00:00:00.000Z",
      "2028-03-31T00:00:00.000Z",
    ]);
    // Across a year end.
    expect(span("2028-01-05T00:00:00Z", "monthly", anchor)).toEqual([
      "2027-12-31T00:00:00.000Z",
      "2028-01-31T00:00:00.000Z",
    ]);
  });

  it("monthly anchored on the 30th and 29th clamps only in February", () => {
    expect(span("2027-02-28T07:59:59Z", "monthly", "2026-11-30T08:00:00Z")).toEqual([
      "2027-01-30T08:00:00.000Z",
      "2027-02-28T08:00:00.000Z",
    ]);
    expect(span("2027-02-28T23:59:59Z", "monthly", "2026-11-30T08:00:00Z")).toEqual([
      "2027-02-28T08:00:00.000Z",
      "2027-03-30T08:00:00.000Z",
    ]);
    expect(span("2027-03-29T08:00:00Z", "monthly", "2026-11-29T08:00:00Z")).toEqual([
      "2027-03-29T08:00:00.000Z",
      "2027-04-29T08:00:00.000Z",
    ]);
  });

  it("daily and weekly count whole days from the anchor", () => {
    expect(span("2026-12-03T09:00:00Z", "daily", "2026-11-01T13:00:00Z")).toEqual([
      "2026-12-02T13:00:00.000Z",
      "2026-12-03T13:00:00.000Z",
    ]);
    // 2026-11-04 is a Wednesday: weeks run Wednesday 10:00 to Wednesday 10:00.
    expect(span("2026-12-03T09:00:00Z", "weekly", "2026-11-04T10:00:00Z")).toEqual([
      "2026-12-02T10:00:00.000Z",
      "2026-12-09T10:00:00.000Z",
    ]);
  });

  it("an anchor in the future still gives the period holding now", () => {
    expect(span("2026-12-03T09:00:00Z", "monthly", "2027-03-31T00:00:00Z")).toEqual([
      "2026-11-30T00:00:00.000Z",
      "2026-12-31T00:00:00.000Z",
    ]);
    expect(span("2026-12-03T09:00:00Z", "daily", "2026-12-10T00:00:00Z")).toEqual([
      "2026-12-03T00:00:00.000Z",
      "2026-12-04T00:00:00.000Z",
    ]);
  });

  it("calendar periods ignore the anchor", () => {
    const s = periodAt(
      t("2026-12-03T09:00:00Z"),
      { period: "monthly", alignment: "calendar" },
      t("2026-10-17T00:00:00Z"),
    );
    expect([iso(s.start), iso(s.end)]).toEqual(["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    const w = periodAt(
      t("2026-12-03T09:00:00Z"),
      { period: "weekly", alignment: "calendar" },
      t("2026-10-17T00:00:00Z"),
    );
    expect(iso(w.start)).toBe("2026-11-30T00:00:00.000Z"); // a Monday
  });
});

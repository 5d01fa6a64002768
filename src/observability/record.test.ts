import { describe, expect, it } from "vitest";
import { fieldValue, newUsageRecord, RECORD_FIELDS, timePerOutputToken } from "./record.js";

describe("newUsageRecord", () => {
  it("fills every field, unknowns as null", () => {
    const r = newUsageRecord({ request_id: "r1", timestamp: "2026-01-01T00:00:00.000Z" });
    for (const f of RECORD_FIELDS) expect(r, f).toHaveProperty(f);
    expect(r.cost_usd).toBeNull();
    expect(r.trace_id).toBeNull();
    expect(r.warnings).toEqual([]);
  });

  it("reads undefined as null", () => {
    const r = newUsageRecord({ request_id: "r1", timestamp: "t", tenant: undefined });
    expect(fieldValue(r, "tenant")).toBeNull();
  });
});

describe("timePerOutputToken", () => {
  it("spreads the time after the first token over the remaining tokens", () => {
    expect(timePerOutputToken(1100, 100, 101)).toBe(10);
  });
  it("is null without a first token or with fewer than two tokens", () => {
    expect(timePerOutputToken(1000, null, 100)).toBeNull();
    expect(timePerOutputToken(1000, 100, 1)).toBeNull();
    expect(timePerOutputToken(1000, 100, null)).toBeNull();
  });
});

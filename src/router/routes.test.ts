import { describe, expect, it } from "vitest";
import { applyRoute, explainRoutes, matchRoute, mismatch, type RouteFacts } from "./routes.js";
import { type Match, routeSchema } from "./routes-config.js";

const facts = (values: Record<string, string | number | boolean>): RouteFacts => ({ get: (f) => values[f] });
const route = (name: string, match: Match, model = "m") => routeSchema.parse({ name, match, model });

describe("policy routes", () => {
  it("matches plain values, in, regex, gt/lt, exists and nested and/or/not", () => {
    const f = facts({
      sensitivity: "restricted",
      workflow: "triage-v2",
      prompt_tokens: 3000,
      has_tools: true,
    });
    expect(mismatch({ sensitivity: { in: ["restricted", "confidential"] } }, f)).toBeUndefined();
    expect(mismatch({ workflow: { regex: "^triage-" } }, f)).toBeUndefined();
    expect(mismatch({ prompt_tokens: { gt: 2000, lt: 4000 } }, f)).toBeUndefined();
    expect(mismatch({ has_tools: true, team: { exists: false } }, f)).toBeUndefined();
    expect(mismatch({ or: [{ workflow: "x" }, { sensitivity: "restricted" }] }, f)).toBeUndefined();
    expect(mismatch({ and: [{ has_tools: true }, { not: { workflow: "x" } }] }, f)).toBeUndefined();
  });

  it("says which condition failed", () => {
    const f = facts({ sensitivity: "public", prompt_tokens: 10 });
    expect(mismatch({ sensitivity: { in: ["restricted"] } }, f)).toBe(
      'sensitivity is "public", not in ["restricted"]',
    );
    expect(mismatch({ prompt_tokens: { gt: 2000 } }, f)).toBe("prompt_tokens is 10, not > 2000");
    expect(mismatch({ workflow: "batch" }, f)).toBe('workflow is absent, not "batch"');
    expect(mismatch({ not: { sensitivity: "public" } }, f)).toMatch(/^not/);
    expect(mismatch({ or: [{ workflow: "a" }, { workflow: "b" }] }, f)).toMatch(/^none of/);
  });

  it("first match wins, and explain marks later routes as not considered", () => {
    const routes = [
      route("one", { workflow: "x" }, "a"),
      route("two", { team: { exists: false } }, "b"),
      route("three", {}, "c"),
    ];
    const f = facts({});
    expect(matchRoute(routes, f)?.name).toBe("two");
    const v = explainRoutes(routes, f);
    expect(v.map((r) => [r.route, r.matched, r.considered])).toEqual([
      ["one", false, true],
      ["two", true, true],
      ["three", true, false],
    ]);
  });

  it("applies the model, set parameters and caps (an absent max_tokens becomes the cap)", () => {
    const r = routeSchema.parse({
      name: "r",
      match: {},
      model: "cheap",
      set: { temperature: 0 },
      cap: { max_tokens: 100, top_p: 0.5 },
    });
    const out = applyRoute(r, { model: "x", messages: [], stream: false, temperature: 1 } as never);
    expect(out).toMatchObject({ model: "cheap", temperature: 0, max_tokens: 100 });
    expect("top_p" in out).toBe(false);
    expect(
      applyRoute(r, { model: "x", messages: [], stream: false, max_tokens: 50 } as never).max_tokens,
    ).toBe(50);
  });

  it("refuses an invalid regular expression and an unknown field at load", () => {
    expect(
      routeSchema.safeParse({ name: "r", match: { workflow: { regex: "(" } }, model: "m" }).success,
    ).toBe(false);
    expect(routeSchema.safeParse({ name: "r", match: { colour: "red" }, model: "m" }).success).toBe(false);
  });
});

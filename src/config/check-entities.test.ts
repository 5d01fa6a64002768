import { describe, expect, it } from "vitest";
import { validateConfig } from "./load.js";

const base = {
  models: [{ name: "m1", targets: [{ provider: "p", model: "x" }] }],
  providers: { p: { type: "openai", api_key: "sk-test-000000" } },
};
const problems = (extra: Record<string, unknown>) => {
  const r = validateConfig({ ...base, ...extra }, {});
  return r.ok ? [] : r.problems;
};

describe("config tenants, teams and consumers", () => {
  it("accept a consistent tree and a key that joins it", () => {
    expect(
      problems({
        tenants: [{ id: "acme", models: ["m1"] }],
        teams: [{ id: "core", tenant: "acme", budget: { limit_usd: 5 } }],
        consumers: [
          { id: "support", team: "core" },
          { id: "solo", tenant: "acme" },
        ],
        keys: [{ name: "bot", key: "tg-bot-00000000", consumer: "support", team: "core" }],
      }),
    ).toEqual([]);
  });

  it("name every broken reference, duplicate and contradiction by path", () => {
    expect(
      problems({
        tenants: [{ id: "acme" }, { id: "acme" }, { id: "beta", models: ["m9"] }],
        teams: [
          { id: "core", tenant: "acmee" },
          { id: "ops", tenant: "acme" },
        ],
        consumers: [
          { id: "support", team: "cor" },
          { id: "x", team: "ops", tenant: "beta" },
        ],
        keys: [
          { name: "bot", key: "tg-bot-00000000", consumer: "suport" },
          { name: "two", key: "tg-two-00000000", consumer: "x", team: "core" },
        ],
      }),
    ).toEqual([
      "tenants[1].id: duplicate id 'acme' in tenants",
      "tenants[2].models: unknown model 'm9'",
      "teams[0].tenant: unknown tenant 'acmee' (did you mean 'acme'?); declare it under 'tenants'",
      "consumers[0].team: unknown team 'cor' (did you mean 'core'?); declare it under 'teams'",
      "consumers[1].tenant: 'beta' contradicts team 'ops', which belongs to tenant 'acme'",
      "keys[bot].consumer: unknown consumer 'suport' (did you mean 'support'?); declare it under 'consumers'",
      "keys[two].team: 'core' contradicts consumer 'x', which belongs to team 'ops'",
    ]);
  });

  it("keep a key's consumer a label when no consumers are declared, and check the fields like the admin API", () => {
    expect(problems({ keys: [{ name: "bot", key: "tg-bot-00000000", consumer: "anything" }] })).toEqual([]);
    const bad = problems({
      consumers: [{ id: "bad id", limits: [{ metric: "tokens", limit: 1, window: "1m" }] }],
    });
    expect(bad.some((p) => p.startsWith("consumers[0].id:"))).toBe(true);
    expect(bad.some((p) => p.startsWith("consumers[0].limits[0].metric:"))).toBe(true);
  });
});

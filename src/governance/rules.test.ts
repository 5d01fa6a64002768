import { describe, expect, it } from "vitest";
import { limitsConfigSchema } from "./config.js";
import { hashTag } from "./rules.js";

const cfg = limitsConfigSchema.parse({});

describe("hashTag", () => {
  it("is the widest entity by rank, also for a managed key (policy id and name differ)", () => {
    const managed = {
      key: "support-bot",
      consumer: "support",
      team: "core",
      tenant: "acme",
      policies: [
        { level: "key" as const, id: "key_abc" },
        { level: "consumer" as const, id: "support" },
        { level: "team" as const, id: "core" },
        { level: "tenant" as const, id: "acme" },
      ],
    };
    expect(hashTag(cfg, managed)).toBe("tenant:acme");
    expect(hashTag(cfg, { key: "k", consumer: "c" })).toBe("consumer:c");
    expect(hashTag(cfg, undefined)).toBe("anonymous");
    const shared = limitsConfigSchema.parse({
      models: { m: [{ metric: "requests", limit: 1, window: "1m" }] },
    });
    expect(hashTag(shared, managed)).toBe("gateway");
  });
});

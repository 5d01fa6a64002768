import { describe, expect, it } from "vitest";
import { allows, foldModels } from "./access.js";
import type { Policy } from "./policy.js";

const MODELS = ["gpt-4o", "gpt-4o-mini", "claude-sonnet", "llama"];
const p = (level: Policy["level"], models?: Policy["models"]): Policy => ({
  level,
  id: level,
  ...(models ? { models } : {}),
});

describe("model access", () => {
  it("is everything when no level restricts models", () => {
    expect(foldModels([p("key"), p("tenant")], MODELS)).toBeUndefined();
  });

  it("intersects allow lists and lets a deny at any level win", () => {
    const set = foldModels(
      [
        p("key", { allow: ["gpt-4o*", "claude-sonnet"] }),
        p("team", { deny: ["gpt-4o"] }),
        p("tenant", { allow: ["gpt-4o", "gpt-4o-mini", "claude-sonnet"] }),
      ],
      MODELS,
    );
    expect([...set!]).toEqual(["gpt-4o-mini", "claude-sonnet"]);
  });

  it("denies even what the same level allows", () => {
    expect(allows({ allow: ["llama"], deny: ["llama"] }, "llama")).toBe(false);
    expect(allows({ deny: ["gpt-*"] }, "llama")).toBe(true);
    expect([...foldModels([p("key", { deny: ["*"] })], MODELS)!]).toEqual([]);
  });
});

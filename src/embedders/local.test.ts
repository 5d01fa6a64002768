import { describe, expect, it } from "vitest";
import { semanticBalancer } from "../router/balancers/semantic.js";
import { planInput } from "../router/balancers/test-input.js";
import { cosine } from "./embedder.js";
import { localEmbedder } from "./local.js";

// The real Universal Sentence Encoder Lite from the package's bundled weights (no network).
describe("local embedder", () => {
  it("embeds to 512 dimensions, and related sentences are closer", async () => {
    const [code, bug, cake] = await localEmbedder().embed([
      "write a python function",
      "fix the bug in my javascript program",
      "a recipe for chocolate cake",
    ]);
    expect(code).toHaveLength(512);
    expect(cosine(code!, bug!)).toBeGreaterThan(cosine(code!, cake!));
  }, 60_000);

  it("routes with the semantic balancer", async () => {
    const targets = [
      { id: "p/coder", description: "programming, source code, software bugs" },
      { id: "p/chef", description: "cooking, recipes and food" },
      { id: "p/general" },
    ];
    const b = semanticBalancer<(typeof targets)[number]>(
      { threshold: 0.2, catch_all: "p/general" },
      localEmbedder(),
    );
    const first = async (user: string) => (await b.plan(targets, planInput({ user })))[0]!.id;
    expect(await first("my typescript code throws a null pointer exception")).toBe("p/coder");
    expect(await first("how long do I bake bread in the oven?")).toBe("p/chef");
  }, 60_000);

  it("an empty list embeds nothing", async () => {
    expect(await localEmbedder().embed([])).toEqual([]);
  });
});

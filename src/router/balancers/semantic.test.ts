import { describe, expect, it } from "vitest";
import type { Embedder } from "../../embedders/embedder.js";
import { lastUserText, semanticBalancer } from "./semantic.js";
import { planInput } from "./test-input.js";

/** A fake embedder: one dimension per topic word, so similarity is predictable. */
const TOPICS = ["code", "legal", "cooking"];
function fakeEmbedder(): Embedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    name: "fake",
    calls,
    async embed(texts) {
      calls.push([...texts]);
      return texts.map((t) => TOPICS.map((w): number => (t.toLowerCase().includes(w) ? 1 : 0)).concat(0.01));
    },
  };
}

const targets = [
  { id: "p/coder", description: "writes and reviews code" },
  { id: "p/lawyer", description: "answers legal questions" },
  { id: "p/chef", description: "cooking and recipes" },
  { id: "p/general" },
];
type T = (typeof targets)[number];

describe("semantic", () => {
  it("sends the last user message to the most similar description", async () => {
    const b = semanticBalancer<T>({ threshold: 0.5, catch_all: "p/general" }, fakeEmbedder());
    expect((await b.plan(targets, planInput({ user: "help me with this code" })))[0]!.id).toBe("p/coder");
    expect((await b.plan(targets, planInput({ user: "is this legal?" })))[0]!.id).toBe("p/lawyer");
    expect((await b.plan(targets, planInput({ user: "cooking rice" })))[0]!.id).toBe("p/chef");
  });

  it("goes to catch_all below the threshold, or keeps list order without one", async () => {
    const b = semanticBalancer<T>({ threshold: 0.5, catch_all: "p/general" }, fakeEmbedder());
    const plan = await b.plan(targets, planInput({ user: "what's the weather?" }));
    expect(plan.map((t) => t.id)).toEqual(["p/general", "p/coder", "p/lawyer", "p/chef"]);
    const noCatchAll = semanticBalancer<T>({ threshold: 0.5 }, fakeEmbedder());
    expect((await noCatchAll.plan(targets, planInput({ user: "weather" })))[0]!.id).toBe("p/coder");
  });

  it("embeds descriptions once, with the first prompt, then only prompts", async () => {
    const e = fakeEmbedder();
    const b = semanticBalancer<T>({}, e);
    await b.plan(targets, planInput({ user: "code" }));
    await b.plan(targets, planInput({ user: "legal" }));
    expect(e.calls).toEqual([
      ["code", "writes and reviews code", "answers legal questions", "cooking and recipes"],
      ["legal"],
    ]);
  });

  it("a failing embedder does not fail the request: catch_all first, and explain says why", async () => {
    const broken: Embedder = {
      name: "broken",
      embed: async () => {
        throw new Error("embeddings model down");
      },
    };
    const b = semanticBalancer<T>({ catch_all: "p/general" }, broken);
    expect((await b.plan(targets, planInput({ user: "code" })))[0]!.id).toBe("p/general");
    const scores = await b.scores!(targets, planInput({ user: "code" }));
    expect(scores[3]!.note).toBe("catch-all; embedder failed: embeddings model down");
  });

  it("scores are the similarities", async () => {
    const b = semanticBalancer<T>({}, fakeEmbedder());
    const scores = await b.scores!(targets, planInput({ user: "code" }));
    expect(scores[0]!.score).toBeGreaterThan(0.99);
    expect(scores[1]!.score).toBeLessThan(0.1);
    expect(scores[3]!.score).toBeUndefined();
  });

  it("reads the text of the last user message, cut to max_chars", () => {
    const input = planInput({ user: "abcdef" });
    expect(lastUserText(input, 3)).toBe("abc");
    expect(lastUserText(undefined, 10)).toBe("");
  });
});

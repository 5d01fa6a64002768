import { describe, expect, it } from "vitest";
import { cosine } from "./embedder.js";
import { gatewayEmbedder } from "./gateway.js";

describe("gateway embedder", () => {
  it("passes texts to the gateway's model and returns its vectors", async () => {
    const seen: string[][] = [];
    const e = gatewayEmbedder("embed-small", async (texts) => {
      seen.push([...texts]);
      return texts.map((t) => [t.length, 1]);
    });
    expect(e.name).toBe("model:embed-small");
    expect(await e.embed(["ab", "abc"])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(seen).toEqual([["ab", "abc"]]);
  });

  it("rejects answers that are not one finite vector per text", async () => {
    await expect(gatewayEmbedder("m", async () => [[1]]).embed(["a", "b"])).rejects.toThrow(
      /returned 1 vectors for 2 texts/,
    );
    await expect(gatewayEmbedder("m", async () => [[1], [1, 2]]).embed(["a", "b"])).rejects.toThrow(
      /1-dimensional/,
    );
    await expect(gatewayEmbedder("m", async () => [[Number.NaN]]).embed(["a"])).rejects.toThrow(/finite/);
  });

  it("cosine: 1 for the same direction, 0 for orthogonal or zero vectors", () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });
});

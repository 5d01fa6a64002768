import { describe, expect, it } from "vitest";
import { keyBodySchema } from "../governance/identity/entities.js";
import { parseBody } from "./admin-error.js";
import { applyPatch, patchSchemaOf, splitPatch } from "./patch.js";

const schema = patchSchemaOf(keyBodySchema, ["name"]);

describe("admin PATCH bodies", () => {
  it("null clears a field, a value replaces it, an absent field stays", () => {
    const body = parseBody(schema, { expires_at: null, budget: null, models: ["gpt-4o"] });
    const { set, clear } = splitPatch(body);
    expect(clear.sort()).toEqual(["budgets", "expires_at"]);
    expect(set).toEqual({ models: { allow: ["gpt-4o"] } });
    const old = {
      id: "k",
      consumer: "c",
      expires_at: "2027-01-01T00:00:00.000Z",
      budgets: [{ limit_usd: 5 }],
      models: { allow: ["x"] },
    };
    expect(applyPatch(old, set, clear)).toEqual({ id: "k", consumer: "c", models: { allow: ["gpt-4o"] } });
  });

  it("a field left out of the patch schema, an unknown one or a bad value is named", () => {
    const err = (body: unknown) => {
      try {
        parseBody(schema, body);
      } catch (e) {
        return e as { status: number; param?: string };
      }
      throw new Error("accepted");
    };
    expect(err({ name: "renamed" })).toMatchObject({ status: 400, param: "name" });
    expect(err({ colour: "red" })).toMatchObject({ status: 400, param: "colour" });
    expect(err({ expires_at: "tomorrow" })).toMatchObject({ status: 400, param: "expires_at" });
    expect(err({ budget: { limit_usd: -1 } })).toMatchObject({ status: 400, param: "budget.limit_usd" });
  });
});

import { describe, expect, it } from "vitest";
import { closeObjects } from "./closed-schema.js";

describe("closeObjects", () => {
  it("closes every object that does not say, nested, in $defs and in unions, without touching the input", () => {
    const schema = {
      type: "object",
      properties: {
        city: { type: "string" },
        where: { type: "object", properties: { lat: { type: "number" } } },
        tags: { type: "array", items: { type: "object", properties: { t: { type: "string" } } } },
        either: { anyOf: [{ type: "object", properties: {} }, { type: "null" }] },
        ref: { $ref: "#/$defs/Point" },
      },
      $defs: { Point: { type: ["object", "null"], properties: { x: { type: "number" } } } },
    };
    const before = JSON.stringify(schema);
    const { schema: out, open } = closeObjects(schema);
    expect(open).toBeUndefined();
    expect(JSON.stringify(schema)).toBe(before);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the copy field by field.
    const o = out as any;
    expect(o.additionalProperties).toBe(false);
    expect(o.properties.where.additionalProperties).toBe(false);
    expect(o.properties.tags.items.additionalProperties).toBe(false);
    expect(o.properties.either.anyOf[0].additionalProperties).toBe(false);
    expect(o.properties.either.anyOf[1]).toEqual({ type: "null" });
    expect(o.$defs.Point.additionalProperties).toBe(false);
    expect(o.properties.city).toEqual({ type: "string" });
  });

  it("names the first object the client declared open", () => {
    const { open } = closeObjects({
      type: "object",
      properties: { meta: { type: "object", additionalProperties: { type: "string" } } },
    });
    expect(open).toBe("schema.properties.meta");
    expect(closeObjects({ type: "object", additionalProperties: true }).open).toBe("schema");
  });
});

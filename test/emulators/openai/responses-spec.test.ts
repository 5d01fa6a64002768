/** The emulator's Responses API field lists are the vendored OpenAPI document's. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../../support/golden.js";
import { CREATE_RESPONSE_FIELDS, INPUT_ITEM_TYPES } from "./responses-spec.js";

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  enum?: string[];
};
const doc = parse(readFileSync(join(ROOT, "test", "fixtures", "specs", "openai-openapi.yaml"), "utf8")) as {
  components: { schemas: Record<string, Schema> };
};
const schemas = doc.components.schemas;
const deref = (s: Schema): Schema => (s.$ref ? (schemas[s.$ref.split("/").pop()!] ?? {}) : s);

function properties(s: Schema): string[] {
  const o = deref(s);
  return [...Object.keys(o.properties ?? {}), ...(o.allOf ?? []).flatMap(properties)];
}

function itemType(s: Schema): string | undefined {
  const o = deref(s);
  const t = o.properties?.type && deref(o.properties.type);
  return t?.enum?.[0] ?? (o.allOf ?? []).map(itemType).find(Boolean);
}

describe("the emulator's Responses API fields", () => {
  it("are CreateResponse's properties", () => {
    expect([...new Set(properties({ $ref: "CreateResponse" }))].sort()).toEqual(
      [...CREATE_RESPONSE_FIELDS].sort(),
    );
  });

  it("are InputItem's item types (item_reference's type is optional there)", () => {
    const branches = schemas.InputItem!.oneOf!.flatMap((b) =>
      b.$ref?.endsWith("/Item") ? schemas.Item!.oneOf! : [b],
    );
    const types = new Set(branches.map(itemType).filter((t): t is string => t !== undefined));
    types.add("item_reference");
    expect([...types].sort()).toEqual([...INPUT_ITEM_TYPES].sort());
  });
});

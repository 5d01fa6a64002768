/**
 * docs/conformance.md is generated from the suite's tables; this fails when the committed page is
 * out of date (`UPDATE_GOLDEN=1` rewrites it).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/golden.js";
import { ALL_CASES } from "./all-cases.js";
import { EXCEPTIONS } from "./exceptions.js";
import { renderMatrix } from "./matrix.js";
import { TARGETS } from "./targets.js";

const PAGE = join(ROOT, "docs", "conformance.md");

describe("conformance matrix page", () => {
  it("is up to date", () => {
    const page = renderMatrix();
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(PAGE)) writeFileSync(PAGE, page);
    expect(readFileSync(PAGE, "utf8")).toBe(page);
  });

  it("names only real targets and cases in its exceptions, each once", () => {
    const seen = new Set<string>();
    for (const e of EXCEPTIONS) {
      expect(TARGETS.map((t) => t.id)).toContain(e.target);
      expect(ALL_CASES.map((c) => c.id)).toContain(e.case);
      expect(e.reason.length).toBeGreaterThan(10);
      const key = `${e.target}/${e.case}/${e.dialect ?? "*"}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });
});

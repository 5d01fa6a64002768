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
const README = join(ROOT, "README.md");
const START = "<!-- conformance-matrix:start -->";
const END = "<!-- conformance-matrix:end -->";

/** The README carries the provider × case table (the page's body up to its second section). */
function readmeSection(page: string): string {
  const body = page.slice(page.indexOf("✓ passes"), page.indexOf("\n## "));
  return `${START}\n${body.trim()}\n\nDetails and the usage fields per provider: [docs/conformance.md](docs/conformance.md).\n${END}`;
}

describe("conformance matrix page", () => {
  it("is up to date", () => {
    const page = renderMatrix();
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(PAGE)) writeFileSync(PAGE, page);
    expect(readFileSync(PAGE, "utf8")).toBe(page);
  });

  it("is in the README", () => {
    const readme = readFileSync(README, "utf8");
    const section = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    if (process.env.UPDATE_GOLDEN === "1")
      writeFileSync(README, readme.replace(section, readmeSection(renderMatrix())));
    expect(readFileSync(README, "utf8")).toContain(readmeSection(renderMatrix()));
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

/**
 * Every config example the project shows (README.md, docs/, examples/) is a valid config: a user
 * copies these first. Secret references resolve to a stand-in value; `{file://…}` references name
 * files of the reader's machine, so "cannot be read" is the one problem allowed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../test/support/golden.js";
import { loadConfigText } from "./load.js";

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
  );
}

/** YAML blocks that hold config (a top-level `providers:`, `models:`, `server:`… key). */
function configBlocks(file: string): Array<[string, string]> {
  const text = readFileSync(file, "utf8");
  const blocks = [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  return blocks
    .filter((b) => /^(providers|models|keys|server|observability|auth|admin|logging):/m.test(b))
    .map((b, i) => [`${file.slice(ROOT.length + 1)} #${i + 1}`, b]);
}

const EXAMPLES: Array<[string, string]> = [
  ...[join(ROOT, "README.md"), ...markdownFiles(join(ROOT, "docs"))].flatMap(configBlocks),
  ...readdirSync(join(ROOT, "examples"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f): [string, string] => [`examples/${f}`, readFileSync(join(ROOT, "examples", f), "utf8")]),
];

/** Any variable is set, to a value long enough for every schema. */
const ANY_ENV = new Proxy(
  {},
  { get: (_t, k) => (typeof k === "string" ? "doc-example-secret-0123" : undefined) },
);

describe("client examples in the docs reach Tollgate's default proxy port", () => {
  const docs = [join(ROOT, "README.md"), ...markdownFiles(join(ROOT, "docs"))];
  it.each(docs.map((f) => [f.slice(ROOT.length + 1), f]))("%s", (_name, file) => {
    const urls = [
      ...readFileSync(file, "utf8").matchAll(/base_?url["']?\s*[:=]\s*["']?http:\/\/localhost:(\d+)/gi),
    ];
    for (const m of urls) expect(m[1], m[0]).toBe("8000");
  });
});

describe("config examples in the docs are valid configs", () => {
  it("finds the examples", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(EXAMPLES)("%s", (_where, text) => {
    const r = loadConfigText(text, ANY_ENV as NodeJS.ProcessEnv);
    const problems = r.ok
      ? []
      : r.problems.filter((p) => !/secret reference \{file:\/\/.*cannot be read/.test(p));
    expect(problems).toEqual([]);
  });
});

/**
 * A provider is one folder: everything about it (its OpenTelemetry name, prices, conformance
 * columns, emulator) is declared in `src/providers/<type>/` or `test/emulators/<type>/` and
 * collected by the registries. This fails when any other file names a provider.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHAT_ROUTES } from "../../src/dialects/registry.js";
import { PROVIDERS } from "../../src/providers/registry.js";
import { EMULATORS, LOCAL_EMULATORS } from "../emulators/index.js";
import { ROOT } from "../support/golden.js";
import {
  indexParams,
  type Mention,
  mentionsIn,
  type ParamIndex,
  PROVIDER_FOLDER,
  parse,
} from "../support/provider-mentions.js";
import { TARGETS } from "./targets.js";

/** The files that collect provider folders: they alone may import them. */
const REGISTRIES = new Set([
  "src/providers/registry.ts",
  "test/emulators/index.ts",
  "test/emulators/conformance.ts",
]);

/**
 * Files that name a provider without declaring anything about it. Keep this tiny; every entry
 * says why it is not a provider declaration.
 */
const ALLOWED: Record<string, string> = {};

const SKIPPED_DIRS = new Set(["node_modules", "dist", "coverage"]);

/** Every source file of the repository, as a `/`-separated path from its root. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) {
      out.push(...sourceFiles(path));
    } else if (entry.isFile() && /\.(ts|mts|js|mjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

function providerNames(): Set<string> {
  const names = new Set<string>();
  for (const def of PROVIDERS.values()) {
    names.add(def.type);
    for (const profile of def.profiles ?? []) names.add(profile);
  }
  for (const e of [...EMULATORS, ...LOCAL_EMULATORS]) names.add(e.name);
  for (const t of TARGETS) names.add(t.id);
  return names;
}

function scan(): Mention[] {
  const parsed = sourceFiles("").map((f) => [f, parse(f, readFileSync(join(ROOT, f), "utf8"))] as const);
  const params: ParamIndex = new Map();
  for (const [, source] of parsed) indexParams(source, params);
  const opts = {
    root: ROOT,
    names: providerNames(),
    dialects: new Set([...CHAT_ROUTES.values()].map((d) => d.name)),
    params,
  };
  return parsed
    .filter(([f]) => !PROVIDER_FOLDER.test(f) && !REGISTRIES.has(f) && !(f in ALLOWED))
    .flatMap(([f, source]) => mentionsIn(f, source, opts));
}

describe("a provider is one folder", () => {
  it("no file outside the provider folders and the registries names a provider", () => {
    expect(sourceFiles("")).toContain("src/observability/genai.ts"); // the walk reaches shared code
    const found = scan().map((m) => `${m.file}:${m.line} ${m.text}`);
    expect(found).toEqual([]);
  });

  it("allows only files that exist and still name a provider", () => {
    const opts = { root: ROOT, names: providerNames(), dialects: new Set<string>(), params: new Map() };
    for (const file of Object.keys(ALLOWED)) {
      const source = parse(file, readFileSync(join(ROOT, file), "utf8"));
      expect(mentionsIn(file, source, opts).length, file).toBeGreaterThan(0);
    }
  });
});

// Made-up names, so this file names no provider: `acme` and `zenith` are both providers and
// dialects (as `openai` and `anthropic` are), `rocket` and `rocket-local` only providers.
describe("the provider-mention scanner", () => {
  const find = (code: string, file = "src/observability/example.ts"): string[] => {
    const source = parse(file, code);
    const params: ParamIndex = new Map();
    indexParams(parse("suite.ts", "export function suite(dialect: string) {}"), params);
    const opts = {
      root: ROOT,
      names: new Set(["acme", "zenith", "rocket", "rocket-local"]),
      dialects: new Set(["acme", "zenith"]),
      params,
    };
    return mentionsIn(file, source, opts).map((m) => m.text);
  };

  it.each([
    ["a table keyed by type", `const NAMES = { rocket: "x.rocket", "rocket-local": "rocket" };`],
    ["a comparison with a type", `if (def.type === "rocket") run();`],
    ["a list of types", `export const TYPES = ["acme", "zenith"];`],
    ["a call naming a type", `price("zenith", "model-1");`],
    ["an import of a provider folder", `import { x } from "../providers/rocket/index.js";`],
    ["an import of an emulator folder", `import { y } from "../../test/emulators/rocket/view.js";`],
  ])("finds %s", (_what, code) => {
    expect(find(code)).not.toEqual([]);
  });

  it.each([
    ["a dialect comparison", `if (ctx.dialect === "acme") a(); else if (dialect !== "zenith") b();`],
    ["a dialect type", `export type Dialect = "acme" | "zenith"; let d: { dialect: "acme" };`],
    ["a dialect argument", `suite("zenith");`],
    ["a dialect-keyed object", `const extra = { acme: { service_tier: "flex" } };`],
    [
      "a gateway config",
      `const c = { providers: { local: { type: "rocket-local" }, acme: { type: "acme" } },
        models: [{ name: "m", targets: [{ provider: "acme", model: "m-1" }] }] };`,
    ],
    ["a comment or a package import", `// rocket and zenith\nimport Acme from "acme";`],
    ["an import of shared provider code", `import type { Provider } from "../providers/types.js";`],
  ])("ignores %s", (_what, code) => {
    expect(find(code)).toEqual([]);
  });
});

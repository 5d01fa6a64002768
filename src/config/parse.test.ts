import { describe, expect, it } from "vitest";
import { loadConfigText } from "./load.js";

const problemsOf = (text: string, env: NodeJS.ProcessEnv = {}): string[] => {
  const r = loadConfigText(text, env);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
};

describe("YAML parsing: one clear problem, never a crash", () => {
  it("refuses a self-referencing alias with one problem that says where (issue 8, item 1)", () => {
    const problems = problemsOf("providers:\n  p: &p { type: openai, headers: { x: *p } }\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 2, column \d+: alias \*p .*cycle/);
  });

  it("refuses an alias that refers to an ancestor further up", () => {
    const problems = problemsOf("a: &top\n  b:\n    c: [1, *top]\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 3, column \d+: alias \*top/);
  });

  it("still accepts ordinary anchors and merge-free aliases", () => {
    const r = loadConfigText(
      [
        "providers:",
        "  a: { type: openai, api_key: sk-a-123456, headers: &h { x-team: red } }",
        "  b: { type: openai, api_key: sk-b-123456, headers: *h }",
      ].join("\n"),
      {},
    );
    expect(r.ok && r.config.providers.b).toMatchObject({ headers: { "x-team": "red" } });
  });

  it("bounds alias expansion (billion laughs) with one problem", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const problems = problemsOf(lines.join("\n"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/alias/);
  });

  it("names an alias without an anchor", () => {
    expect(problemsOf("server: *nowhere\n")[0]).toMatch(/^line 1, column 9: alias \*nowhere has no anchor/);
  });

  it("reports a syntax error by line and column without the source text (item 8)", () => {
    const text = 'keys:\n  - { name: app, key: "tg-literal-secret-0123" \nserver: { port: 1 }\n';
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^line \d+, column \d+: /);
    for (const p of problems) {
      expect(p).not.toContain("tg-literal-secret-0123");
      expect(p).not.toContain("^");
    }
  });

  it("never echoes a scalar in messages that quote source (bad escapes, tags)", () => {
    for (const text of [
      'keys: [{ name: a, key: "tg-secret-\\q-0123" }]',
      "keys: [{ name: a, key: !sekrit tg-secret-tag-0123 }]",
    ]) {
      for (const p of problemsOf(text)) {
        expect(p).toMatch(/^line \d+, column \d+: /);
        expect(p).not.toContain("tg-secret");
        expect(p).not.toContain("sekrit");
      }
    }
  });

  it("refuses duplicate keys instead of keeping the last one", () => {
    expect(problemsOf("server: { port: 1 }\nserver: { port: 2 }\n")[0]).toMatch(
      /^line 2, column 1: .*duplicate key/,
    );
  });

  it("refuses a document that is not a mapping", () => {
    expect(problemsOf("- just\n- a list\n")).toEqual([
      "(root): the config must be a mapping of settings (key: value), not a list",
    ]);
  });
});

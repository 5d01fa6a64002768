import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Snapshot } from "./compile.js";
import { loadConfigFile } from "./load.js";
import { watchConfig } from "./watch.js";

const GOOD = [
  "providers:",
  "  claude: { type: anthropic, api_key: sk-ant-0123456 }",
  "models:",
  "  - { name: sonnet, targets: [{ provider: claude, model: claude-sonnet-4-5 }] }",
  "keys:",
  "  - { name: app, key: tg-test-key-0123456789 }",
  "",
].join("\n");

/** A watcher on a real file, stopped at once so only explicit reloads run; logs kept as objects. */
function setup(initial = GOOD) {
  const file = join(mkdtempSync(join(tmpdir(), "tg-watch-")), "tollgate.yaml");
  writeFileSync(file, initial);
  const logs: Array<{ level: number; msg: string; [k: string]: unknown }> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const applied: Snapshot[] = [];
  const start = loadConfigFile(file);
  if (!start.ok) throw new Error(start.problems.join("\n"));
  const watcher = watchConfig(file, logger, (s) => applied.push(s), { serving: start.config });
  watcher.stop();
  const reload = (text: string) => {
    writeFileSync(file, text);
    return watcher.reload("test");
  };
  return { reload, logs, applied, last: () => logs.at(-1)! };
}

describe("reload refuses what would take the gateway away (issue 8, item 2)", () => {
  it.each([
    ["an empty file", "", "the new file is empty"],
    ["a file of comments only", "# saving...\n", "the new file is empty"],
    ["a file cut before its models", GOOD.slice(0, GOOD.indexOf("models:")), "the new file has no models"],
    ["a file cut before its keys", GOOD.slice(0, GOOD.indexOf("keys:")), "the new file has no keys"],
  ])("refuses %s and says why", (_what, text, why) => {
    const t = setup();
    expect(t.reload(text)).toBe(false);
    expect(t.applied).toHaveLength(0);
    expect(t.last().msg).toMatch(
      new RegExp(`^config reload refused: ${why}.*; the last good config keeps serving$`),
    );
    expect(t.last().level).toBe(50);
  });

  it("applies `models: []` and `keys: []` when the file says so", () => {
    const t = setup();
    expect(t.reload("models: []\nkeys: []\n")).toBe(true);
    expect(t.applied[0]!.models.size).toBe(0);
  });

  it("refuses a file that does not parse (the truncated-mid-line case)", () => {
    const t = setup();
    expect(t.reload(GOOD.slice(0, GOOD.indexOf("claude-sonnet-4-5")))).toBe(false);
    expect(t.last().msg).toBe("config reload rejected; the last good config keeps serving");
    expect(t.applied).toHaveLength(0);
  });

  it("survives a self-referencing alias (item 1): one problem logged, nothing thrown", () => {
    const t = setup();
    expect(t.reload(`${GOOD}server: &s { host: *s }\n`)).toBe(false);
    expect(t.last().problems).toEqual([expect.stringMatching(/^line 7, column \d+: alias \*s .*cycle/)]);
  });
});

describe("reload names the settings it cannot apply (issue 8, item 16)", () => {
  it("says which changed settings need a restart", () => {
    const t = setup();
    const next = `${GOOD}server: { port: 9999, body_limit: 2048, shutdown_grace_ms: 5 }\nobservability: { log: { stdout: true } }\n`;
    expect(t.reload(next)).toBe(true);
    expect(t.last().msg).toBe(
      "config reloaded; these settings need a restart to take effect: server.port, server.shutdown_grace_ms, observability.log",
    );
    expect(t.last().restart_needed).toEqual(["server.port", "server.shutdown_grace_ms", "observability.log"]);
    expect(t.applied[0]!.config.server.body_limit).toBe(2048);
  });

  it("says plainly 'config reloaded' when everything applies live", () => {
    const t = setup();
    expect(t.reload(GOOD.replace("claude-sonnet-4-5", "claude-opus-4-1"))).toBe(true);
    expect(t.last().msg).toBe("config reloaded");
    expect(t.last().level).toBe(30);
  });
});

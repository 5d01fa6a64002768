import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostProblem } from "./host.js";
import { loadConfigFile, loadConfigText } from "./load.js";

const dir = mkdtempSync(join(tmpdir(), "tg-preflight-"));
const load = (text: string) => {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return loadConfigFile(file, {});
};

describe("validate catches what start-up would fail on (issue 8, item 13)", () => {
  it("refuses a SQLite sink whose directory does not exist", () => {
    const r = load(`observability: { database: { url: "sqlite://${dir}/missing/usage.db" } }\n`);
    expect(!r.ok && r.problems).toEqual([
      `observability.database.url: directory ${dir}/missing does not exist (create it, or change the path)`,
    ]);
  });

  it("refuses a JSONL file in a directory that is a file", () => {
    writeFileSync(join(dir, "plain"), "");
    const r = load(`observability: { log: { file: "${dir}/plain/usage.jsonl" } }\n`);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([`observability.log.file: ${dir}/plain is not a directory`]);
  });

  it("accepts existing directories and in-memory SQLite", () => {
    mkdirSync(join(dir, "data"), { recursive: true });
    expect(
      load(
        `observability: { database: { url: "sqlite://${dir}/data/usage.db" }, log: { file: "${dir}/data/u.jsonl" } }\n`,
      ).ok,
    ).toBe(true);
    expect(load(`observability: { database: { url: "sqlite://:memory:" } }\n`).ok).toBe(true);
  });

  it.each([
    ["server: { host: 'not a host!' }", "server.host: 'not a host!' is not an IP address or a host name"],
    ["admin: { host: 256.1.1.1 }", "admin.host: '256.1.1.1' is not an IP address or a host name"],
    ["server: { host: '[::1]' }", "server.host: '[::1]': write an IPv6 address without brackets (::1)"],
    ["admin: { port: 65536 }", "admin.port: Too big: expected number to be <=65535"],
    [
      "server: { port: 8000 }\nadmin: { port: 8000 }",
      "admin.port: 8000 is also server.port; the admin server needs a port of its own",
    ],
    [
      "server: { host: 127.0.0.1, port: 9000 }\nadmin: { host: 0.0.0.0, port: 9000 }",
      "admin.port: 9000 is also server.port; the admin server needs a port of its own",
    ],
  ])("%s → %s", (text, problem) => {
    const r = loadConfigText(text, {});
    expect(!r.ok && r.problems).toEqual([problem]);
  });

  it("allows equal ports on distinct addresses, port 0 twice, and a disabled admin port", () => {
    expect(
      loadConfigText("server: { host: 127.0.0.1, port: 9000 }\nadmin: { host: 127.0.0.2, port: 9000 }", {})
        .ok,
    ).toBe(true);
    expect(loadConfigText("server: { port: 0 }\nadmin: { port: 0 }", {}).ok).toBe(true);
    expect(loadConfigText("server: { port: 8000 }\nadmin: { enabled: false, port: 8000 }", {}).ok).toBe(true);
  });

  it.each(["127.0.0.1", "::", "0.0.0.0", "localhost", "gateway.internal", "my-host", "fe80::1"])(
    "%s is a valid host",
    (host) => expect(hostProblem(host)).toBeUndefined(),
  );
});
